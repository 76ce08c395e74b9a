package dev.moeserve.adapters.web.openai;

import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.QueryBalance;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.domain.tenancy.CreditBalance;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * {@code GET /v1/balance} (also {@code /user/balance}, the DeepSeek API's path): the caller's own credit.
 * {@code total_balance} is what is left to spend: granted plus topped-up, less what running requests hold.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class BalanceController {
    private final AuthenticateCaller authenticate;
    private final QueryBalance queryBalance;

    BalanceController(AuthenticateCaller authenticate, QueryBalance queryBalance) {
        this.authenticate = authenticate;
        this.queryBalance = queryBalance;
    }

    @Get(uris = {"/v1/balance", "/balance", "/user/balance", "/v1/user/balance"})
    BalanceJson balance(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        Caller caller = authenticate.authenticate(BearerToken.from(authorization));
        List<CreditBalance> balances = queryBalance.balances(caller.tenantId());
        return new BalanceJson(balances.stream().anyMatch(b -> b.available().signum() > 0),
                balances.stream().map(b -> new BalanceInfo(b.currency().getCurrencyCode(), Decimals.text(b.available()),
                        Decimals.text(b.granted()), Decimals.text(b.toppedUp()))).toList());
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record BalanceJson(boolean isAvailable, List<BalanceInfo> balanceInfos) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record BalanceInfo(String currency, String totalBalance, String grantedBalance, String toppedUpBalance) {
    }
}
