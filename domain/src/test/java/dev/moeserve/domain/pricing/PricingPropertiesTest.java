package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties of pricing that hold for every input, each checked on a few hundred generated cases.
 *
 * <p>Inputs come from a {@link RandomGenerator} seeded with {@link #SEED}, so every run checks the
 * same cases, and a failing assertion names the seed and the case number along with the inputs. The
 * first {@link #EDGE_CASES} cases of each property walk through the edge values (0, 1, a million and
 * 10^12 tokens, free and 100-dollar prices, prices with 18 decimals, 100% and 0.01% off, a free fixed
 * price, a fixed price in another currency, off-peak boundaries to the nanosecond); the random cases
 * after them still draw an edge value one time in {@link #EDGE_ODDS}. To explore other cases, run
 * with {@code -Dmoeserve.pricing.seed=<long>}.
 */
class PricingPropertiesTest {

    private static final long SEED = Long.decode(System.getProperty("moeserve.pricing.seed", "20260515"));
    private static final int EDGE_CASES = 30;
    private static final int EDGE_ODDS = 8;
    private static final int RANDOM_CASES = 500;

    private static final Currency USD = Currency.getInstance("USD");
    private static final String MODEL = "m";
    private static final String TENANT = "t";
    /** 17:00 UTC: inside DeepSeek's 16:30-00:30 UTC off-peak hours, outside 01:00-08:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-05-15T17:00:00Z");
    private static final Money HALF_MICRO = Money.of("0.0000005", "USD");

    private final ChargeCalculator calculator = new ChargeCalculator();
    private final BestDiscountPolicy policy = new BestDiscountPolicy();

    @Test
    void addingTokensNeverLowersTheCharge() {
        forAll(RANDOM_CASES, draw -> new Growth(draw.pricing(), draw.tokens(), draw.tokens()), c -> {
            Pricing p = c.input().pricing();
            BillableTokens tokens = c.input().tokens();
            BillableTokens more = c.input().more();
            BillableTokens bigger = BillableTokens.of(tokens.inputCacheHit() + more.inputCacheHit(),
                    tokens.inputCacheMiss() + more.inputCacheMiss(), tokens.output() + more.output());

            Charge smaller = calculator.charge(tokens, p.tier(), p.promotions(), p.context());
            Charge larger = calculator.charge(bigger, p.tier(), p.promotions(), p.context());

            assertThat(smaller.exactTotal()).as(c.claim("the exact total does not fall when tokens are added"))
                    .isLessThanOrEqualTo(larger.exactTotal());
            assertThat(smaller.total()).as(c.claim("the rounded total does not fall when tokens are added"))
                    .isLessThanOrEqualTo(larger.total());
        });
    }

    @Test
    void aPromotionNeverRaisesAPrice() {
        forAll(RANDOM_CASES, draw -> new Request(draw.pricing(), draw.tokens()), c -> {
            Pricing p = c.input().pricing();
            for (TokenClass tokenClass : TokenClass.values()) {
                EffectivePrice price = policy.priceFor(tokenClass, p.tier(), p.promotions(), p.context());
                assertThat(price.list()).as(c.claim(tokenClass + ": the effective price keeps the tier's list price"))
                        .isEqualTo(p.tier().listPrice(tokenClass));
                assertThat(price.perMillion()).as(c.claim(tokenClass + ": the effective price is at most the list price"))
                        .isLessThanOrEqualTo(price.list());
                assertThat(price.perMillion().isNegative()).as(c.claim(tokenClass + ": the effective price " + price.perMillion() + " is negative"))
                        .isFalse();
            }
            Charge promoted = calculator.charge(c.input().tokens(), p.tier(), p.promotions(), p.context());
            Charge atList = calculator.charge(c.input().tokens(), p.tier(), List.of(), p.context());
            assertThat(promoted.total()).as(c.claim("the total with promotions is at most the total at list price"))
                    .isLessThanOrEqualTo(atList.total());
            assertThat(promoted.listTotal()).as(c.claim("the list total with promotions is the exact total at list price"))
                    .isEqualTo(atList.exactTotal());
            assertThat(promoted.discount().isNegative()).as(c.claim("the discount " + promoted.discount() + " is negative"))
                    .isFalse();
        });
    }

    @Test
    void theSumOfThePartsEqualsTheTotal() {
        forAll(RANDOM_CASES, draw -> new Request(draw.pricing(), draw.tokens()), c -> {
            Pricing p = c.input().pricing();
            Charge charge = calculator.charge(c.input().tokens(), p.tier(), p.promotions(), p.context());

            Money amounts = Money.zero(USD);
            Money listAmounts = Money.zero(USD);
            Money discounts = Money.zero(USD);
            for (ChargeLine line : charge.lines()) {
                amounts = amounts.plus(line.amount());
                listAmounts = listAmounts.plus(line.listAmount());
                discounts = discounts.plus(line.discount());
            }
            assertThat(amounts).as(c.claim("the line amounts add up to the exact total")).isEqualTo(charge.exactTotal());
            assertThat(listAmounts).as(c.claim("the line list amounts add up to the list total")).isEqualTo(charge.listTotal());
            assertThat(discounts).as(c.claim("the line discounts add up to the discount")).isEqualTo(charge.discount());
            assertThat(charge.listTotal().minus(charge.discount())).as(c.claim("list total - discount = exact total"))
                    .isEqualTo(charge.exactTotal());
            assertThat(charge.exactTotal().plus(charge.roundingAdjustment())).as(c.claim("exact total + rounding adjustment = total"))
                    .isEqualTo(charge.total());
            assertThat(charge.total().amount().scale()).as(c.claim("the total " + charge.total() + " has at most 6 decimals"))
                    .isLessThanOrEqualTo(ChargeRounding.SCALE);
            assertThat(charge.roundingAdjustment().amount().abs()).as(c.claim("rounding moves the total by at most half a micro-unit"))
                    .isLessThanOrEqualTo(HALF_MICRO.amount());
        });
    }

    @Test
    void theReservationCoversEverySettledChargeOfTheSameRequest() {
        forAll(RANDOM_CASES, draw -> new Reservation(draw.pricing(),
                draw.upTo(2_000_000, 0, 1, 2_000_000, 1_000_000_000_000L), draw.upTo(1_000_000, 0, 1, 1_000_000, 1_000_000_000_000L),
                draw.upTo(1_000, 0, 1, 999, 1_000), draw.upTo(1_000, 0, 1, 999, 1_000)), c -> {
            Pricing p = c.input().pricing();
            Reservation r = c.input();
            long hits = r.promptTokens() * r.hitPerMille() / 1_000;
            long output = r.maxTokens() * r.outputPerMille() / 1_000;
            BillableTokens settledTokens = BillableTokens.of(hits, r.promptTokens() - hits, output);

            Money reserved = calculator.maximumCost(r.promptTokens(), r.maxTokens(), p.tier(), p.promotions(), p.context());
            Charge settled = calculator.charge(settledTokens, p.tier(), p.promotions(), p.context());

            assertThat(settled.total()).as(c.claim("the reservation covers the settled charge for " + settledTokens))
                    .isLessThanOrEqualTo(reserved);
        });
    }

    @Test
    void stackingNeverChargesMoreThanAnyOfTheStackedPromotionsAlone() {
        // only about one random case in ten has two or more promotions competing for a class, so draw more
        forAll(2 * RANDOM_CASES, Draw::pricing, c -> {
            Pricing p = c.input();
            List<Promotion> stackable = p.promotions().stream().map(Promotion::asStackable).toList();
            for (TokenClass tokenClass : TokenClass.values()) {
                Money together = policy.priceFor(tokenClass, p.tier(), stackable, p.context()).perMillion();
                for (Promotion alone : stackable) {
                    assertThat(together).as(c.claim(tokenClass + ": all promotions stacked cost no more than " + alone.id() + " alone"))
                            .isLessThanOrEqualTo(policy.priceFor(tokenClass, p.tier(), List.of(alone), p.context()).perMillion());
                }
            }
        });
    }

    @Test
    void deepSeekOffPeakHoursAreTheSameInstantsWhetherWrittenInUtcOrBeijingTime() {
        OffPeakWindow utc = OffPeakWindow.daily(LocalTime.of(16, 30), LocalTime.of(0, 30), ZoneOffset.UTC);
        OffPeakWindow beijing = OffPeakWindow.daily(LocalTime.of(0, 30), LocalTime.of(8, 30), ZoneId.of("Asia/Shanghai"));
        forAll(RANDOM_CASES, Draw::instant, c ->
                assertThat(utc.contains(c.input())).as(c.claim("16:30-00:30 UTC and 00:30-08:30 Beijing agree on " + c.input()))
                        .isEqualTo(beijing.contains(c.input())));
    }

    // ---- running cases ----

    /**
     * Checks {@code property} on {@value #EDGE_CASES} edge cases and then {@code randomCases} random
     * ones, all drawn from one generator seeded with {@link #SEED}. An exception thrown while checking
     * a case fails it with the seed and the case, like a failed assertion.
     */
    private static <T> void forAll(int randomCases, Function<Draw, T> generate, Consumer<Case<T>> property) {
        RandomGenerator random = RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(SEED);
        int cases = EDGE_CASES + randomCases;
        for (int i = 0; i < cases; i++) {
            Case<T> c = new Case<>(i + 1, cases, generate.apply(new Draw(random, i < EDGE_CASES ? i : -1)));
            try {
                property.accept(c);
            } catch (RuntimeException e) {
                fail(c.claim("pricing the case throws " + e).get(), e);
            }
        }
    }

    /** One generated input, numbered, so that a failure says which one it was and how to get it back. */
    private record Case<T>(int number, int of, T input) {
        Supplier<String> claim(String claim) {
            return () -> "%s%n  seed %d (-Dmoeserve.pricing.seed=%d), case %d of %d%s: %s".formatted(claim, SEED, SEED,
                    number, of, number <= EDGE_CASES ? " (edge values)" : "", input);
        }
    }

    private record Pricing(PriceTier tier, List<Promotion> promotions, ChargeContext context) {
    }

    private record Request(Pricing pricing, BillableTokens tokens) {
    }

    private record Growth(Pricing pricing, BillableTokens tokens, BillableTokens more) {
    }

    private record Reservation(Pricing pricing, long promptTokens, long maxTokens, long hitPerMille, long outputPerMille) {
    }

    // ---- generating inputs ----

    private static final long TERA = 1_000_000_000_000L;
    private static final List<Long> TOKEN_COUNT_EDGES = List.of(0L, 1L, 999_999L, 1_000_000L, TERA);
    private static final List<BigDecimal> PRICE_EDGES = Stream.of("0", "100", "0.0001", "0.000000000000000001",
            "3.141592653589793238", "99.9999").map(BigDecimal::new).toList();
    private static final PriceAdjustment FIXED_CNY = PriceAdjustment.fixedPrice(Money.of("0.01", "CNY"));
    private static final List<PriceAdjustment> ADJUSTMENT_EDGES = List.of(
            PriceAdjustment.percentOff("100"), PriceAdjustment.percentOff("0.01"), PriceAdjustment.percentOff("33.33333333"),
            PriceAdjustment.fixedPrice(Money.of("0", "USD")), PriceAdjustment.fixedPrice(Money.of("150", "USD")),
            PriceAdjustment.fixedPrice(Money.of("0.000000123456789", "USD")), FIXED_CNY);

    private static final List<PromotionWindow> WINDOWS = List.of(
            PromotionWindow.from(NOW.minusSeconds(3_600)),
            PromotionWindow.between(NOW.minusSeconds(3_600), NOW),
            PromotionWindow.between(NOW, NOW.plusSeconds(1)),
            PromotionWindow.from(NOW.plusSeconds(1)));
    private static final OffPeakWindow DEEPSEEK_OFF_PEAK = OffPeakWindow.daily(LocalTime.of(16, 30), LocalTime.of(0, 30), ZoneOffset.UTC);
    private static final List<List<OffPeakWindow>> OFF_PEAK = List.of(
            List.of(),
            List.of(DEEPSEEK_OFF_PEAK),
            List.of(OffPeakWindow.daily(LocalTime.of(1, 0), LocalTime.of(8, 0), ZoneOffset.UTC)));
    private static final List<PromotionScope> SCOPES = List.of(
            PromotionScope.ALL, PromotionScope.models(MODEL), PromotionScope.models("other"),
            PromotionScope.tenants(TENANT), PromotionScope.tenants("other"), PromotionScope.plans("gold"));
    private static final List<Optional<String>> PLANS = List.of(Optional.empty(), Optional.of("gold"), Optional.of("free"));

    /** Promotion sets that all apply at {@link #NOW}: everything free, stacked to nothing, tiny and odd discounts. */
    private static final List<List<Promotion>> PROMOTION_SET_EDGES = List.of(
            List.of(),
            List.of(everywhere("free", PriceAdjustment.percentOff("100"), false)),
            List.of(everywhere("all-off", PriceAdjustment.percentOff("100"), true), everywhere("half", PriceAdjustment.percentOff("50"), true)),
            List.of(everywhere("zero", PriceAdjustment.fixedPrice(Money.of("0", "USD")), false)),
            List.of(everywhere("yuan", FIXED_CNY, true), everywhere("dollar", PriceAdjustment.fixedPrice(Money.of("150", "USD")), true)),
            List.of(everywhere("sliver", PriceAdjustment.percentOff("0.01"), false)),
            List.of(everywhere("third", PriceAdjustment.percentOff("33.33333333"), true),
                    everywhere("eighth", PriceAdjustment.percentOff("12.5"), true),
                    everywhere("odd", PriceAdjustment.fixedPrice(Money.of("0.123456789", "USD")), true)),
            List.of(everywhere("night", PriceAdjustment.percentOff("50"), true).duringOffPeak(DEEPSEEK_OFF_PEAK),
                    everywhere("launch", PriceAdjustment.percentOff("75"), false)));

    /** DeepSeek's off-peak boundaries (16:30 and 00:30 UTC) and midnight, to the nanosecond, as offsets into a UTC day. */
    private static final List<Duration> TIME_OF_DAY_EDGES = Stream.of(
            Duration.ofMinutes(16 * 60 + 30), Duration.ofMinutes(30), Duration.ZERO)
            .flatMap(t -> Stream.of(t.minusSeconds(1), t.minusNanos(1), t, t.plusNanos(1)))
            .map(t -> t.isNegative() ? t.plusDays(1) : t)
            .toList();
    private static final long FIRST_SECOND = 1_700_000_000L;
    private static final long LAST_SECOND = 1_900_000_000L;

    private static Promotion everywhere(String name, PriceAdjustment adjustment, boolean stackable) {
        Map<TokenClass, PriceAdjustment> adjustments = new EnumMap<>(TokenClass.class);
        for (TokenClass tokenClass : TokenClass.values()) {
            adjustments.put(tokenClass, adjustment);
        }
        return new Promotion(name, name, adjustments, WINDOWS.getFirst(), List.of(), PromotionScope.ALL, stackable);
    }

    /**
     * Draws the inputs of one case. In an edge case ({@code edgeCase >= 0}) every value that has
     * edges takes the next one in turn; otherwise it takes a random edge one time in {@link #EDGE_ODDS}
     * and a random value the rest of the time.
     */
    private static final class Draw {
        private final RandomGenerator random;
        private final int edgeCase;
        private int draws;

        Draw(RandomGenerator random, int edgeCase) {
            this.random = random;
            this.edgeCase = edgeCase;
        }

        Pricing pricing() {
            return new Pricing(tier(), promotions(), new ChargeContext(MODEL, TENANT, oneOf(PLANS), NOW));
        }

        PriceTier tier() {
            return new PriceTier(MODEL, "v1", NOW.minusSeconds(86_400), USD, new TokenPrices(price(), price(), price()));
        }

        /** A list price per million in [0, 100], with 4 decimals like published prices, or now and then up to 16. */
        BigDecimal price() {
            return edgeOr(PRICE_EDGES, () -> decimal(100, scale(4)));
        }

        /** Token counts spread evenly up to 10^9 half the time, otherwise of a random order of magnitude up to 10^12. */
        BillableTokens tokens() {
            return BillableTokens.of(tokenCount(), tokenCount(), tokenCount());
        }

        long tokenCount() {
            return edgeOr(TOKEN_COUNT_EDGES, () -> random.nextBoolean()
                    ? random.nextLong(1_000_000_001L)
                    : random.nextLong(pow10(random.nextInt(13)) + 1));
        }

        /** A number in [0, max], or one of {@code edges}. */
        long upTo(long max, long... edges) {
            return edgeOr(Arrays.stream(edges).boxed().toList(), () -> random.nextLong(max + 1));
        }

        /** Up to five promotions, each one for 1 to 3 token classes, in or out of scope, window and off-peak hours. */
        List<Promotion> promotions() {
            return edgeOr(PROMOTION_SET_EDGES, () -> Stream.generate(this::promotion).limit(random.nextInt(6)).toList());
        }

        Promotion promotion() {
            String name = name();
            List<TokenClass> classes = new ArrayList<>(List.of(TokenClass.values()));
            Collections.shuffle(classes, random);
            Map<TokenClass, PriceAdjustment> adjustments = new EnumMap<>(TokenClass.class);
            for (TokenClass tokenClass : classes.subList(0, random.nextInt(1, classes.size() + 1))) {
                adjustments.put(tokenClass, adjustment());
            }
            return new Promotion(name, name, adjustments, oneOf(WINDOWS), oneOf(OFF_PEAK), oneOf(SCOPES), random.nextBoolean());
        }

        /** Percent off in (0, 100] (half the time), a fixed price in [0, 150] USD (40%) or one in CNY (10%). */
        PriceAdjustment adjustment() {
            return edgeOr(ADJUSTMENT_EDGES, () -> {
                int roll = random.nextInt(10);
                if (roll < 5) {
                    int scale = scale(2);
                    BigDecimal percent = decimal(100, scale);
                    return new PriceAdjustment.PercentOff(percent.signum() > 0 ? percent : BigDecimal.ONE.movePointLeft(scale));
                }
                return roll < 9 ? PriceAdjustment.fixedPrice(Money.of(decimal(150, scale(3)), USD)) : FIXED_CNY;
            });
        }

        /** An instant between 2023 and 2030, to the second, or an off-peak boundary on a random day. */
        Instant instant() {
            Instant day = Instant.ofEpochSecond(random.nextLong(FIRST_SECOND, LAST_SECOND)).truncatedTo(ChronoUnit.DAYS);
            return edgeOr(TIME_OF_DAY_EDGES.stream().map(day::plus).toList(),
                    () -> Instant.ofEpochSecond(random.nextLong(FIRST_SECOND, LAST_SECOND + 1)));
        }

        private <T> T edgeOr(List<T> edges, Supplier<T> any) {
            if (edgeCase >= 0) {
                return edges.get((edgeCase + draws++) % edges.size());
            }
            return random.nextInt(EDGE_ODDS) == 0 ? oneOf(edges) : any.get();
        }

        private <T> T oneOf(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        /** {@code usual} decimals three times in four, otherwise 0 to 16. */
        private int scale(int usual) {
            return random.nextInt(4) == 0 ? random.nextInt(17) : usual;
        }

        /** A number in [0, max] with {@code scale} decimals. */
        private BigDecimal decimal(long max, int scale) {
            return BigDecimal.valueOf(random.nextLong(Math.multiplyExact(max, pow10(scale)) + 1), scale);
        }

        private String name() {
            String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            StringBuilder name = new StringBuilder();
            for (int i = random.nextInt(1, 5); i > 0; i--) {
                name.append(letters.charAt(random.nextInt(letters.length())));
            }
            return name.toString();
        }

        private static long pow10(int exponent) {
            long power = 1;
            for (int i = 0; i < exponent; i++) {
                power = Math.multiplyExact(power, 10);
            }
            return power;
        }
    }
}
