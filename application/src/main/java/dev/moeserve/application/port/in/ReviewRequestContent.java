package dev.moeserve.application.port.in;

import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.TenantId;

import java.util.List;

/**
 * Inbound port: operators (admins and auditors) read a tenant's retained request content. Content past
 * its purge time is never shown, even before the purge has run. An unknown tenant is NOT_FOUND.
 */
public interface ReviewRequestContent {
    int MAX_PAGE_SIZE = 1000;

    /** The tenant's content, newest first, a page at a time. */
    ContentPage content(Operator operator, TenantId tenant, int page, int pageSize);

    record ContentPage(List<RequestContent> contents, int page, int pageSize, boolean hasMore) {
        public ContentPage {
            contents = List.copyOf(contents);
        }
    }
}
