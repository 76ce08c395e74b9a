package dev.moeserve.domain.pricing;

import java.util.List;
import java.util.Objects;

/**
 * The price per million actually charged for one token class, and why: the list price, one
 * promotion, or several stacked promotions. The result of {@link BestDiscountPolicy}.
 */
public sealed interface EffectivePrice {

    /** The tier's list price per million. */
    Money list();

    /** The price per million charged; never above {@link #list()}. */
    Money perMillion();

    /** The promotions that produced {@link #perMillion()}; empty at list price. */
    List<Promotion> promotions();

    default Money discountPerMillion() {
        return list().minus(perMillion());
    }

    /** No promotion applied. */
    record AtListPrice(Money list) implements EffectivePrice {
        public AtListPrice {
            Objects.requireNonNull(list, "list");
        }

        @Override
        public Money perMillion() {
            return list;
        }

        @Override
        public List<Promotion> promotions() {
            return List.of();
        }
    }

    /** The single best promotion applied. */
    record Promoted(Money list, Money perMillion, Promotion promotion) implements EffectivePrice {
        public Promoted {
            Objects.requireNonNull(promotion, "promotion");
            requireDiscount(list, perMillion);
        }

        @Override
        public List<Promotion> promotions() {
            return List.of(promotion);
        }
    }

    /** Two or more promotions, every one of them stackable, combined. */
    record Stacked(Money list, Money perMillion, List<Promotion> promotions) implements EffectivePrice {
        public Stacked {
            promotions = List.copyOf(promotions);
            if (promotions.size() < 2 || !promotions.stream().allMatch(Promotion::stackable)) {
                throw new IllegalArgumentException("only two or more stackable promotions stack");
            }
            requireDiscount(list, perMillion);
        }
    }

    private static void requireDiscount(Money list, Money perMillion) {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(perMillion, "perMillion");
        if (perMillion.isNegative() || !perMillion.isLessThan(list)) {
            throw new IllegalArgumentException("a promoted price must be in [0, list): " + perMillion + " vs list " + list);
        }
    }
}
