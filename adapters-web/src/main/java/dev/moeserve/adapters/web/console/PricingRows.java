package dev.moeserve.adapters.web.console;

import dev.moeserve.application.port.in.PlanPromotions;
import dev.moeserve.application.port.in.PriceHistory;
import dev.moeserve.domain.pricing.EffectivePrice;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceAdjustment;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.TokenClass;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The pricing page's tables as the templates read them: text already formatted, one map per row. */
final class PricingRows {
    static final List<TokenClass> CLASSES = List.of(TokenClass.INPUT_CACHE_HIT, TokenClass.INPUT_CACHE_MISS, TokenClass.OUTPUT);
    /** The off-peak strip: one cell per half hour of a UTC day. */
    static final int STRIP_CELLS = 48;

    private PricingRows() {
    }

    static List<Map<String, Object>> models(List<PriceHistory> histories, List<PlanPromotions.ModelPrices> now) {
        Map<String, PlanPromotions.ModelPrices> nowByModel = now.stream()
                .collect(Collectors.toMap(PlanPromotions.ModelPrices::model, Function.identity()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PriceHistory history : histories) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", history.model());
            row.put("inForce", history.inForce().map(v -> "v" + v.version()).orElse("none yet"));
            PlanPromotions.ModelPrices effective = nowByModel.get(history.model());
            row.put("currency", effective != null ? effective.currency().getCurrencyCode()
                    : history.versions().isEmpty() ? "" : history.versions().get(0).tier().currency().getCurrencyCode());
            row.put("prices", effective == null ? List.of() : prices(effective.prices()));
            row.put("history", history.versions().stream().map(v -> version(v, history)).toList());
            rows.add(row);
        }
        return rows;
    }

    /** Per class: list price, effective price, and the promotions behind it. */
    static List<Map<String, Object>> prices(Map<TokenClass, EffectivePrice> prices) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TokenClass c : CLASSES) {
            EffectivePrice p = prices.get(c);
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("tokenClass", c.wireName());
            cell.put("list", ConsoleView.money(p.list().amount()));
            cell.put("effective", ConsoleView.money(p.perMillion().amount()));
            cell.put("promoted", !p.promotions().isEmpty());
            cell.put("why", p.promotions().stream().map(Promotion::name).collect(Collectors.joining(" + ")));
            out.add(cell);
        }
        return out;
    }

    private static Map<String, Object> version(PriceVersion v, PriceHistory history) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("version", v.version());
        row.put("effectiveFrom", ConsoleView.when(v.tier().effectiveFrom()));
        row.put("currency", v.tier().currency().getCurrencyCode());
        row.put("hit", ConsoleView.money(v.tier().prices().inputCacheHit()));
        row.put("miss", ConsoleView.money(v.tier().prices().inputCacheMiss()));
        row.put("output", ConsoleView.money(v.tier().prices().output()));
        row.put("inForce", history.inForce().map(f -> f.version() == v.version()).orElse(false));
        return row;
    }

    static List<Map<String, Object>> preview(PlanPromotions.DraftPreview preview) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PlanPromotions.DraftModel model : preview.models()) {
            for (TokenClass c : CLASSES) {
                EffectivePrice without = model.without().get(c);
                EffectivePrice with = model.with().get(c);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", model.model());
                row.put("tokenClass", c.wireName());
                row.put("currency", model.currency().getCurrencyCode());
                row.put("list", ConsoleView.money(without.list().amount()));
                row.put("now", ConsoleView.money(without.perMillion().amount()));
                row.put("with", ConsoleView.money(with.perMillion().amount()));
                row.put("changes", with.perMillion().compareTo(without.perMillion()) != 0);
                row.put("why", with.promotions().stream().map(Promotion::name).collect(Collectors.joining(" + ")));
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Map<String, Object>> whatIf(PlanPromotions.WhatIf whatIf) {
        return whatIf.totals().stream().map(t -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("currency", t.currency().getCurrencyCode());
            row.put("requests", t.requests());
            row.put("charged", ConsoleView.money(t.charged()));
            row.put("without", ConsoleView.money(t.repricedWithout()));
            row.put("with", ConsoleView.money(t.repricedWith()));
            row.put("cost", ConsoleView.money(t.cost()));
            return row;
        }).toList();
    }

    static List<Map<String, Object>> promotions(List<Promotion> promotions, Instant now) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Promotion p : promotions) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("name", p.name());
            row.put("adjustments", CLASSES.stream().filter(c -> p.adjustment(c).isPresent())
                    .map(c -> c.wireName() + " " + adjustment(p.adjustment(c).get())).collect(Collectors.joining(", ")));
            row.put("scope", scope(p));
            row.put("starts", ConsoleView.when(p.window().start()));
            row.put("ends", p.window().end().equals(Instant.MAX) ? "until ended" : ConsoleView.when(p.window().end()));
            String status = p.window().start().isAfter(now) ? "scheduled" : p.window().contains(now) ? "active" : "ended";
            row.put("status", status);
            row.put("endable", !status.equals("ended"));
            row.put("stackable", p.stackable());
            row.put("offPeak", p.offPeak().stream().map(PricingRows::offPeakText).collect(Collectors.joining("; ")));
            row.put("strip", p.offPeak().isEmpty() ? List.of() : strip(p.offPeak(), now));
            rows.add(row);
        }
        return rows;
    }

    private static String adjustment(PriceAdjustment a) {
        return a instanceof PriceAdjustment.PercentOff off ? ConsoleView.money(off.percent()) + "% off" : a.toString();
    }

    private static String scope(Promotion p) {
        List<String> parts = new ArrayList<>();
        if (!p.scope().modelIds().isEmpty()) {
            parts.add("models " + String.join(", ", p.scope().modelIds().stream().sorted().toList()));
        }
        if (!p.scope().tenantIds().isEmpty()) {
            parts.add("tenants " + String.join(", ", p.scope().tenantIds().stream().sorted().toList()));
        }
        if (!p.scope().planIds().isEmpty()) {
            parts.add("plans " + String.join(", ", p.scope().planIds().stream().sorted().toList()));
        }
        return parts.isEmpty() ? "everyone" : String.join("; ", parts);
    }

    static String offPeakText(OffPeakWindow w) {
        String days = w.days().size() == 7 ? "daily" : w.days().stream().sorted()
                .map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
        return days + " " + w.start() + "–" + w.end() + " " + w.zone().getId();
    }

    /**
     * 48 half-hour cells of the first UTC day (from today) on which the windows open, each on or off at
     * its midpoint: what a 24-hour strip shows.
     */
    static List<Boolean> strip(List<OffPeakWindow> windows, Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (int i = 0; i < 7; i++) {
            List<Boolean> cells = cells(windows, day.plusDays(i));
            if (cells.contains(Boolean.TRUE)) {
                return cells;
            }
        }
        return cells(windows, day);
    }

    private static List<Boolean> cells(List<OffPeakWindow> windows, LocalDate day) {
        List<Boolean> cells = new ArrayList<>(STRIP_CELLS);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < STRIP_CELLS; i++) {
            Instant mid = start.plus(Duration.ofMinutes(30L * i + 15));
            cells.add(windows.stream().anyMatch(w -> w.contains(mid)));
        }
        return cells;
    }
}
