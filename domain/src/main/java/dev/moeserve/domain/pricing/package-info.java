/**
 * Pricing: what a request costs, DeepSeek-style.
 *
 * <p>Terms, defined once for the whole package:
 * <ul>
 *   <li><b>Token class</b> ({@link dev.moeserve.domain.pricing.TokenClass}): input served from the
 *       prefix cache (cache hit), input computed afresh (cache miss), and generated output. Each
 *       class has its own price.</li>
 *   <li><b>Price per million</b>: every price in this package is an amount of money for one
 *       million tokens of a class, as DeepSeek publishes them; the amount for {@code n} tokens is
 *       {@code n * price / 1_000_000}, computed exactly.</li>
 *   <li><b>Price tier</b> ({@link dev.moeserve.domain.pricing.PriceTier}): the list prices of one
 *       model in one currency, as one <b>price version</b> with the instant it takes effect.</li>
 *   <li><b>Price schedule</b> ({@link dev.moeserve.domain.pricing.PriceSchedule}): all versions of
 *       one model's tier; the version <b>in force</b> at an instant is the latest that took effect
 *       at or before it. A request is priced by the version in force when it <b>started</b>.</li>
 *   <li><b>List price</b>: a tier's price for a class. <b>Effective price</b>: the price actually
 *       charged after promotions; never above the list price.</li>
 *   <li><b>Promotion</b> ({@link dev.moeserve.domain.pricing.Promotion}): a named, scoped, time-boxed
 *       price adjustment (percent off or a fixed replacement price) for some token classes,
 *       optionally only during recurring off-peak windows.</li>
 *   <li><b>Charge</b> ({@link dev.moeserve.domain.pricing.Charge}): what one request costs, with its
 *       breakdown, rounded once by {@link dev.moeserve.domain.pricing.ChargeRounding}.</li>
 * </ul>
 *
 * <p>Plain Java, no framework: the application layer loads tiers and promotions through its ports
 * and hands them to {@link dev.moeserve.domain.pricing.ChargeCalculator}.
 */
package dev.moeserve.domain.pricing;
