package dev.moeserve.infrastructure.cli;

import dev.moeserve.domain.pricing.BillableTokens;
import dev.moeserve.domain.pricing.ChargeCalculator;
import dev.moeserve.domain.pricing.ChargeContext;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.PromotionWindow;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.pricing.TokenPrices;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic, realistic-looking ledger for the benchmark: rows in time order over a period, tenants
 * as unequal as real ones (a Zipf-like share, so the first tenant is the heaviest), three models, two
 * backends, a few cancelled and failed requests, and every charge computed by the real pricing rules
 * (DeepSeek-like list prices and the 50% off-peak promotion from 16:30 to 00:30 UTC).
 */
final class SyntheticUsage {
    static final Currency USD = Currency.getInstance("USD");
    static final List<String> MODELS = List.of("deepseek-v3", "deepseek-r1", "deepseek-v2-lite");
    private static final double[] MODEL_SHARE = {0.6, 0.9, 1.0};
    private static final List<String> BACKENDS = List.of("cuda", "cpu");

    private final List<TenantId> tenants = new ArrayList<>();
    private final List<ApiKeyId> keys = new ArrayList<>();
    /** Cumulative shares of the tenants, for drawing one by binary search. */
    private final double[] tenantShare;
    private final List<PriceTier> tiers = new ArrayList<>();
    private final List<Promotion> promotions;
    private final ChargeCalculator calculator = new ChargeCalculator();
    private final Instant start;
    private final Duration span;

    SyntheticUsage(int tenantCount, Instant start, Instant end, long seed) {
        SplittableRandom ids = new SplittableRandom(seed);
        double[] weights = new double[tenantCount];
        double sum = 0;
        for (int i = 0; i < tenantCount; i++) {
            tenants.add(new TenantId(new UUID(ids.nextLong(), ids.nextLong())));
            keys.add(new ApiKeyId(new UUID(ids.nextLong(), ids.nextLong())));
            weights[i] = 1.0 / (i + 1);
            sum += weights[i];
        }
        tenantShare = new double[tenantCount];
        double running = 0;
        for (int i = 0; i < tenantCount; i++) {
            running += weights[i] / sum;
            tenantShare[i] = running;
        }
        tenantShare[tenantCount - 1] = 1.0;
        Instant priced = start.minus(Duration.ofDays(1));
        tiers.add(new PriceTier(MODELS.get(0), "bench-v3-1", priced, USD, TokenPrices.perMillion("0.07", "0.27", "1.10")));
        tiers.add(new PriceTier(MODELS.get(1), "bench-r1-1", priced, USD, TokenPrices.perMillion("0.14", "0.55", "2.19")));
        tiers.add(new PriceTier(MODELS.get(2), "bench-lite-1", priced, USD, TokenPrices.perMillion("0.014", "0.14", "0.28")));
        promotions = List.of(Promotion.percentOff("bench-off-peak", "off-peak", "50", PromotionWindow.from(priced),
                TokenClass.values()).duringOffPeak(OffPeakWindow.daily(LocalTime.of(16, 30), LocalTime.of(0, 30), ZoneOffset.UTC)));
        this.start = start;
        this.span = Duration.between(start, end);
    }

    List<TenantId> tenants() {
        return tenants;
    }

    List<ApiKeyId> keys() {
        return keys;
    }

    /** The tenant with the largest share of the rows. */
    TenantId heaviestTenant() {
        return tenants.getFirst();
    }

    List<PriceTier> tiers() {
        return tiers;
    }

    /** {@code count} rows, spread evenly over the period in time order, drawn from {@code seed}. */
    Iterator<UsageRecord> rows(long count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long spanNanos = span.toNanos();
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public UsageRecord next() {
                if (i >= count) {
                    throw new NoSuchElementException();
                }
                Instant started = start.plusNanos((long) ((double) spanNanos * i / count));
                return row("bench-" + i++, started, random);
            }
        };
    }

    private UsageRecord row(String requestId, Instant started, SplittableRandom random) {
        int t = Arrays.binarySearch(tenantShare, random.nextDouble());
        int tenant = Math.min(t >= 0 ? t : -t - 1, tenants.size() - 1);
        double m = random.nextDouble();
        int model = m < MODEL_SHARE[0] ? 0 : m < MODEL_SHARE[1] ? 1 : 2;
        String backend = BACKENDS.get(random.nextDouble() < 0.7 ? 0 : 1);
        int prompt = 50 + random.nextInt(4000);
        int hits = random.nextInt(prompt + 1);
        double fate = random.nextDouble();
        UsageStatus status = fate < 0.005 ? UsageStatus.FAILED : fate < 0.02 ? UsageStatus.CANCELLED : UsageStatus.COMPLETED;
        Instant finished = started.plusMillis(200 + random.nextInt(20_000));
        if (status == UsageStatus.FAILED) {
            // as the server records it: the prompt, nothing generated, nothing charged
            return new UsageRecord(requestId, tenants.get(tenant), keys.get(tenant), MODELS.get(model), backend,
                    new TokenCounts(prompt, 0, 0), status, started, finished, ChargeSummary.unpriced(USD));
        }
        TokenCounts tokens = new TokenCounts(prompt, hits, 1 + random.nextInt(1000));
        ChargeContext context = ChargeContext.of(MODELS.get(model), tenants.get(tenant).toString(), started);
        ChargeSummary charge = ChargeSummary.of(calculator.charge(
                BillableTokens.of(tokens.promptCacheHitTokens(), tokens.promptCacheMissTokens(), tokens.completionTokens()),
                tiers.get(model), promotions, context));
        return new UsageRecord(requestId, tenants.get(tenant), keys.get(tenant), MODELS.get(model), backend, tokens, status,
                started, finished, charge);
    }
}
