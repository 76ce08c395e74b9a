package dev.moeserve.application.port.in;

/** Create a tenant; its name is unique, at most 200 characters. */
public record NewTenantCommand(String name) {
    public NewTenantCommand {
        name = Fields.text(name, "name", 200);
    }
}
