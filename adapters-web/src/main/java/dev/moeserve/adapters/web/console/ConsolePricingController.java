package dev.moeserve.adapters.web.console;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.ManagePricing;
import dev.moeserve.application.port.in.ModelPricing;
import dev.moeserve.application.port.in.NewPriceCommand;
import dev.moeserve.application.port.in.NewPromotionCommand;
import dev.moeserve.application.port.in.PlanPromotions;
import dev.moeserve.application.port.in.PriceHistory;
import dev.moeserve.domain.pricing.Promotion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The pricing page: each model's tier with its version history and the effective prices now, the
 * promotions (create, schedule, end early) with a live preview of a draft and a what-if on last
 * month's usage. Changes go through the same use cases as the admin API, audit log included.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
@Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.ALL})
final class ConsolePricingController {
    private final ConsoleAccess access;
    private final ManagePricing pricing;
    private final PlanPromotions planning;
    private final Clock clock;

    ConsolePricingController(ConsoleAccess access, ManagePricing pricing, PlanPromotions planning, Clock clock) {
        this.access = access;
        this.pricing = pricing;
        this.planning = planning;
        this.clock = clock;
    }

    @Get("/pricing")
    HttpResponse<?> page(HttpRequest<?> request) {
        return pricingPage(access.reader(request), Map.of()).ok();
    }

    @Post("/promotions")
    HttpResponse<?> createPromotion(HttpRequest<?> request, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.reader(request);
        try {
            ConsoleAccess.Signed changer = access.changer(request, form);
            NewPromotionCommand command = PromotionForm.command(form);
            Promotion created = pricing.addPromotion(changer.operator(), command);
            signed.session().flash("Promotion '" + created.name() + "' saved (" + created.id() + ").");
            return HttpResponse.seeOther(URI.create("/console/pricing#promotions"));
        } catch (ApplicationException e) {
            return pricingPage(signed, form.echo()).refused(e);
        }
    }

    @Post("/promotions/{id}/end")
    HttpResponse<?> endPromotion(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.reader(request);
        try {
            Promotion ended = pricing.endPromotion(access.changer(request, form).operator(), id);
            signed.session().flash("Promotion '" + ended.name() + "' ended.");
            return HttpResponse.seeOther(URI.create("/console/pricing#promotions"));
        } catch (ApplicationException e) {
            return pricingPage(signed, Map.of()).refused(e);
        }
    }

    @Post("/prices")
    HttpResponse<?> addPrice(HttpRequest<?> request, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.reader(request);
        try {
            ConsoleAccess.Signed changer = access.changer(request, form);
            java.util.Currency currency = ConsoleInput.currency(form, "currency");
            NewPriceCommand command = new NewPriceCommand(form.text("model").orElseThrow(() -> ConsoleInput.missing("model")),
                    currency, NewPriceCommand.prices(ConsoleInput.decimal(form, "input_cache_hit").orElse(null),
                    ConsoleInput.decimal(form, "input_cache_miss").orElse(null), ConsoleInput.decimal(form, "output").orElse(null)),
                    ConsoleInput.instant(form, "effective_from"));
            var version = pricing.addPrice(changer.operator(), command);
            signed.session().flash("Price version " + version.version() + " of " + command.model() + " saved.");
            return HttpResponse.seeOther(URI.create("/console/pricing"));
        } catch (ApplicationException e) {
            return pricingPage(signed, form.echo()).refused(e);
        }
    }

    /** The live preview (an htmx fragment): effective prices per model and class, without and with the draft. */
    @Post("/pricing/preview")
    HttpResponse<?> preview(HttpRequest<?> request, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.readerWithCsrf(request, form);
        ConsoleView view = ConsoleView.page("console/fragments/preview", signed, "pricing");
        try {
            PlanPromotions.DraftPreview preview = planning.preview(signed.operator(), PromotionForm.command(form));
            return view.with("at", ConsoleView.when(preview.at()))
                    .with("rows", PricingRows.preview(preview)).ok();
        } catch (ApplicationException e) {
            // shown in place of the preview (htmx swaps only successful answers)
            return view.with("rows", List.of()).with("at", "").error(e).ok();
        }
    }

    /** What the draft would have cost on last month's usage (an htmx fragment). */
    @Post("/pricing/what-if")
    HttpResponse<?> whatIf(HttpRequest<?> request, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.readerWithCsrf(request, form);
        ConsoleView view = ConsoleView.page("console/fragments/what-if", signed, "pricing");
        try {
            YearMonth month = form.text("what_if_month").map(m -> {
                try {
                    return YearMonth.parse(m);
                } catch (java.time.format.DateTimeParseException e) {
                    throw ConsoleInput.invalid("month", "'" + m + "' is not a month such as 2026-10.");
                }
            }).orElse(YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1));
            PlanPromotions.WhatIf whatIf = planning.whatIf(signed.operator(), PromotionForm.command(form), month);
            return view.with("month", month.toString()).with("totals", PricingRows.whatIf(whatIf)).ok();
        } catch (ApplicationException e) {
            return view.with("month", "").with("totals", List.of()).error(e).ok();
        }
    }

    private ConsoleView pricingPage(ConsoleAccess.Signed signed, Map<String, Object> form) {
        List<PriceHistory> histories = pricing.prices(signed.operator(), java.util.Optional.empty());
        List<PlanPromotions.ModelPrices> now = planning.pricesNow(signed.operator());
        List<ModelPricing> served = pricing.models(signed.operator());
        List<Promotion> promotions = pricing.promotions(signed.operator());
        return ConsoleView.page("console/pricing", signed, "pricing")
                .with("models", PricingRows.models(histories, now))
                .with("served", served.stream().map(ModelPricing::id).toList())
                .with("unpriced", served.stream().filter(ModelPricing::servedAtZeroCharge).map(ModelPricing::id).toList())
                .with("promotions", PricingRows.promotions(promotions, clock.instant()))
                .with("form", form)
                .with("lastMonth", YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1).toString())
                .with("days", List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"));
    }
}
