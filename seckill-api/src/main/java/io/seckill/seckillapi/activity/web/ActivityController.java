package io.seckill.seckillapi.activity.web;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.seckillapi.activity.application.ActivityQueries;
import io.seckill.seckillapi.activity.application.ActivityQueries.ActivitySnapshot;
import io.seckill.kernel.money.Money;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public activity reads (no token), DESIGN.md §12. Every answer carries the server time for countdowns. */
@RestController
@RequestMapping("/api/seckill/activities")
class ActivityController {

    private final ActivityQueries queries;

    ActivityController(ActivityQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    ListResponse list() {
        ActivityQueries.Listing listing = queries.liveAndUpcoming();
        return new ListResponse(listing.serverTime(), listing.items().stream().map(ActivityJson::of).toList());
    }

    @GetMapping("/{id}")
    DetailResponse detail(@PathVariable long id) {
        return queries.detail(id)
                .map(detail -> new DetailResponse(detail.serverTime(), ActivityJson.of(detail.activity())))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no activity " + id));
    }

    record ListResponse(Instant serverTime, List<ActivityJson> items) {
    }

    record DetailResponse(Instant serverTime, ActivityJson activity) {
    }

    /** Ids are strings: 64-bit ids do not survive a JavaScript number. */
    record ActivityJson(String id, String productId, String title, String productName, String description,
                        String imageUrl, Money originalPrice, Money seckillPrice, int totalStock,
                        int perUserLimit, Instant startTime, Instant endTime, String status, int remaining) {

        static ActivityJson of(ActivitySnapshot snapshot) {
            var a = snapshot.activity();
            return new ActivityJson(String.valueOf(a.id()), String.valueOf(a.productId()), a.title(),
                    a.productName(), a.description(), a.imageUrl(), a.originalPrice(), a.seckillPrice(),
                    a.totalStock(), a.perUserLimit(), a.startTime(), a.endTime(), snapshot.status(),
                    snapshot.remaining());
        }
    }
}
