using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>If-Match for orders: the ETag names the order and its row version.</summary>
public static class ETags
{
    /// <summary>The row version the caller expects, null for none or <c>*</c>; a tag that cannot match → 412.</summary>
    public static int? ExpectedRowVersion(string? ifMatch, PurchaseOrder current)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        foreach (var raw in ifMatch.Split(','))
        {
            var tag = raw.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            if (tag == current.ETag) return current.RowVersion;
        }
        throw Stale();
    }

    /// <summary>412: the order changed since the caller's ETag (also when it changes while the request runs).</summary>
    public static ApiProblemException Stale() => new(StatusCodes.Status412PreconditionFailed, "Precondition failed",
        "The order has changed since that ETag was read; GET it again and retry.", "If-Match");
}
