using Microsoft.AspNetCore.Mvc;
using ServiceUsage.Domain.Events;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Events;

/// <summary>The event feed (BILLING.md "Events"): a tenant's own events, or for admins every tenant's (or one, with user=).</summary>
[Route(Prefix + "/events")]
public sealed class EventsController(EventFeed feed) : ApiControllerBase
{
    /// <summary>
    /// Events with a sequence number greater than <c>after</c> (default 0), oldest first, at most <c>limit</c> (1 to 1000,
    /// default 100). Poll again with the last item's sequence; an empty list means nothing newer yet.
    /// </summary>
    [HttpGet]
    [EndpointName("listEvents"), EndpointSummary("Events after a sequence number, in sequence order")]
    [ProducesResponseType<EventListResponse>(StatusCodes.Status200OK)]
    public async Task<EventListResponse> List(string? user, long? after, int? limit, CancellationToken ct)
    {
        var caller = Caller;
        var who = caller.IsAdmin && user is null ? null : caller.ResolveUser(user);
        var from = after ?? 0;
        if (from < 0) throw ApiProblemException.BadRequest("after", "after must be a sequence number, 0 or more.");
        var take = limit ?? EventFeed.DefaultLimit;
        if (take is < 1 or > EventFeed.MaxLimit)
            throw ApiProblemException.BadRequest("limit", $"limit must be 1 to {EventFeed.MaxLimit}.");
        var events = await feed.ReadAsync(who, from, take, ct);
        return new EventListResponse(events.Select(EventResponse.From).ToList());
    }
}
