package dev.moeserve.application.admin;

import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.application.port.in.ReviewRequestContent;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Clock;
import java.util.List;

/** Operators read a tenant's retained request content; admins and auditors alike. */
public final class RequestContentReview implements ReviewRequestContent {
    private final RequestContentStore contents;
    private final TenantDirectory directory;
    private final Clock clock;
    private final AdminAccess access = new AdminAccess();

    public RequestContentReview(RequestContentStore contents, TenantDirectory directory, Clock clock) {
        this.contents = contents;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public ContentPage content(Operator operator, TenantId tenant, int page, int pageSize) {
        access.requireRead(operator);
        AdminAccess.requirePage(page, pageSize, MAX_PAGE_SIZE);
        if (directory.tenant(tenant).isEmpty()) {
            throw TenantAdministration.tenantNotFound(tenant);
        }
        // one extra row tells whether another page exists without a count query
        List<RequestContent> rows = contents.ofTenant(tenant, clock.instant(), (page - 1) * pageSize, pageSize + 1);
        return new ContentPage(rows.stream().limit(pageSize).toList(), page, pageSize, rows.size() > pageSize);
    }
}
