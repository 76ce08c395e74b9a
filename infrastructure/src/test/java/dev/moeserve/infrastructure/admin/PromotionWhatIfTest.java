package dev.moeserve.infrastructure.admin;

import dev.moeserve.application.port.in.CreditCommand;
import dev.moeserve.application.port.in.IssuedApiKey;
import dev.moeserve.application.port.in.KeyLabel;
import dev.moeserve.application.port.in.ManagePricing;
import dev.moeserve.application.port.in.ManageTenants;
import dev.moeserve.application.port.in.NewPriceCommand;
import dev.moeserve.application.port.in.NewPromotionCommand;
import dev.moeserve.application.port.in.NewTenantCommand;
import dev.moeserve.application.port.in.PlanPromotions;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.operator.OperatorRole;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The what-if re-prices a month of real ledger rows (in the embedded PostgreSQL) with a draft promotion,
 * to the figure computed by hand. The rows are in next month, priced by a version that takes effect at its
 * start and a second one from the 10th (a price can never take effect in the past), and in a currency no
 * other test uses, so the month's total for that currency holds exactly this class's rows.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromotionWhatIfTest implements TestPropertyProvider {
    private static final String MODEL = "what-if-demo-" + UUID.randomUUID();
    private static final Currency CHF = Currency.getInstance("CHF");
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Per million tokens. */
    private static final BigDecimal HIT = new BigDecimal("0.07");
    private static final BigDecimal MISS = new BigDecimal("1.3");
    private static final BigDecimal OUTPUT = new BigDecimal("5.9");
    private static final Operator AUDITOR = new Operator("t", OperatorRole.AUDITOR);
    private static final Operator SETUP = new Operator("what-if-setup", OperatorRole.ADMIN);

    @Inject
    PlanPromotions planning;
    @Inject
    ManagePricing pricing;
    @Inject
    ManageTenants tenants;
    @Inject
    UsageLedger ledger;

    private final YearMonth month = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
    private BigDecimal morningList;
    private BigDecimal afternoonList;
    /** A row after the second price version took effect, priced at that version. */
    private BigDecimal laterList;
    private BigDecimal outputList;
    private BigDecimal charged;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", "what-if-served-demo");
    }

    @BeforeAll
    void aPricedModelWithFourRowsNextMonth() {
        Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        pricing.addPrice(SETUP, new NewPriceCommand(MODEL, CHF, NewPriceCommand.prices(HIT, MISS, OUTPUT), Optional.of(monthStart)));
        // from the 10th on, every class costs twice as much
        Instant tenth = month.atDay(10).atStartOfDay(ZoneOffset.UTC).toInstant();
        pricing.addPrice(SETUP, new NewPriceCommand(MODEL, CHF, NewPriceCommand.prices(HIT.multiply(BigDecimal.TWO),
                MISS.multiply(BigDecimal.TWO), OUTPUT.multiply(BigDecimal.TWO)), Optional.of(tenth)));
        TenantId tenant = tenants.createTenant(SETUP, new NewTenantCommand("what-if-" + UUID.randomUUID())).profile().id();
        IssuedApiKey key = tenants.issueKey(SETUP, tenant, new KeyLabel("what-if"));
        tenants.addCredit(SETUP, tenant, new CreditCommand(Money.of("10", "CHF"), CreditCommand.Kind.GRANTED));
        // two rows in one 15-minute bin in the morning of the 2nd, one that afternoon, one on the 12th
        Instant day2 = month.atDay(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant morning = day2.plusSeconds(10 * 3600);
        Instant afternoon = day2.plusSeconds(14 * 3600 + 30 * 60);
        charged = BigDecimal.ZERO;
        outputList = BigDecimal.ZERO;
        morningList = append(tenant, key, morning, new TokenCounts(1000, 400, 250), BigDecimal.ONE)
                .add(append(tenant, key, morning.plusSeconds(5 * 60), new TokenCounts(3000, 0, 17), BigDecimal.ONE));
        afternoonList = append(tenant, key, afternoon, new TokenCounts(777, 123, 4321), BigDecimal.ONE);
        laterList = append(tenant, key, month.atDay(12).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(9 * 3600),
                new TokenCounts(5000, 2500, 99), BigDecimal.TWO);
    }

    @Test
    void fiftyPercentOffEveryClassHalvesTheRepricedMonthExactly() {
        PlanPromotions.WhatIfTotal total = chf(planning.whatIf(AUDITOR, draft(Set.of(MODEL), EnumSet.allOf(TokenClass.class),
                Optional.empty()), month));

        BigDecimal list = morningList.add(afternoonList).add(laterList);
        assertThat(total.requests()).isEqualTo(4);
        assertThat(total.charged()).isEqualByComparingTo(charged);
        assertThat(total.repricedWithout()).isEqualByComparingTo(list);
        assertThat(total.repricedWith()).isEqualByComparingTo(total.repricedWithout().divide(BigDecimal.TWO));
        assertThat(total.cost()).isEqualByComparingTo(total.repricedWith());
        assertThat(total.cost().signum()).isPositive();
    }

    @Test
    void onlyTheDraftsTokenClassesAreDiscounted() {
        PlanPromotions.WhatIfTotal total = chf(planning.whatIf(AUDITOR, draft(Set.of(MODEL), EnumSet.of(TokenClass.OUTPUT),
                Optional.empty()), month));

        // each row's output at the version in force when it started: 1x before the 10th, 2x after
        assertThat(outputList).isEqualByComparingTo(perToken(OUTPUT).multiply(BigDecimal.valueOf(250 + 17 + 4321 + 2 * 99)));
        assertThat(total.cost()).isEqualByComparingTo(outputList.divide(BigDecimal.TWO));
    }

    @Test
    void offPeakHoursThatMissEveryRowCostNothing() {
        PlanPromotions.WhatIfTotal total = chf(planning.whatIf(AUDITOR, draft(Set.of(MODEL), EnumSet.allOf(TokenClass.class),
                Optional.of(OffPeakWindow.daily(LocalTime.of(0, 0), LocalTime.of(6, 0), ZoneOffset.UTC))), month));

        assertThat(total.repricedWithout()).isEqualByComparingTo(morningList.add(afternoonList).add(laterList));
        assertThat(total.repricedWith()).isEqualByComparingTo(total.repricedWithout());
        assertThat(total.cost()).isEqualByComparingTo("0");
    }

    @Test
    void offPeakHoursDiscountOnlyTheRowsInsideThem() {
        PlanPromotions.WhatIfTotal total = chf(planning.whatIf(AUDITOR, draft(Set.of(MODEL), EnumSet.allOf(TokenClass.class),
                Optional.of(OffPeakWindow.daily(LocalTime.of(14, 0), LocalTime.of(15, 0), ZoneOffset.UTC))), month));

        assertThat(total.cost()).isEqualByComparingTo(afternoonList.divide(BigDecimal.TWO));
    }

    @Test
    void aDraftForAnotherModelCostsNothingAndAnotherMonthHasNoRows() {
        PlanPromotions.WhatIfTotal other = chf(planning.whatIf(AUDITOR, draft(Set.of("not-" + MODEL), EnumSet.allOf(TokenClass.class),
                Optional.empty()), month));
        assertThat(other.cost()).isEqualByComparingTo("0");

        PlanPromotions.WhatIf later = planning.whatIf(AUDITOR, draft(Set.of(MODEL), EnumSet.allOf(TokenClass.class), Optional.empty()),
                month.plusMonths(1));
        assertThat(later.totals()).noneMatch(t -> t.currency().equals(CHF));
    }

    private static NewPromotionCommand draft(Set<String> models, Set<TokenClass> classes, Optional<OffPeakWindow> offPeak) {
        return new NewPromotionCommand("what-if 50%", new BigDecimal("50"), classes, models, Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), false, offPeak);
    }

    private static PlanPromotions.WhatIfTotal chf(PlanPromotions.WhatIf whatIf) {
        List<PlanPromotions.WhatIfTotal> chf = whatIf.totals().stream().filter(t -> t.currency().equals(CHF)).toList();
        assertThat(chf).as(whatIf.toString()).hasSize(1);
        return chf.getFirst();
    }

    private static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion.divide(MILLION);
    }

    /** Appends a settled row charged at list price ({@code factor} times the first version's); @return that price, exact. */
    private BigDecimal append(TenantId tenant, IssuedApiKey key, Instant start, TokenCounts tokens, BigDecimal factor) {
        BigDecimal hit = perToken(HIT).multiply(factor).multiply(BigDecimal.valueOf(tokens.promptCacheHitTokens()));
        BigDecimal miss = perToken(MISS).multiply(factor).multiply(BigDecimal.valueOf(tokens.promptCacheMissTokens()));
        BigDecimal out = perToken(OUTPUT).multiply(factor).multiply(BigDecimal.valueOf(tokens.completionTokens()));
        BigDecimal list = hit.add(miss).add(out);
        outputList = outputList.add(out);
        BigDecimal rounded = list.setScale(6, java.math.RoundingMode.HALF_EVEN);
        charged = charged.add(rounded);
        ledger.append(new UsageRecord("what-if-" + UUID.randomUUID(), tenant, key.id(), MODEL, "cpu", tokens,
                UsageStatus.COMPLETED, start, start.plusMillis(5),
                new ChargeSummary(Optional.of("v-what-if"), List.of(), CHF, hit, miss, out, BigDecimal.ZERO, rounded)));
        return list;
    }
}
