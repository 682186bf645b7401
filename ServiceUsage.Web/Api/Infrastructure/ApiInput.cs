using ServiceUsage.Domain;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Checks of query parameters the API applies before anything reaches the database (ids and names: InputRules).</summary>
public static class ApiInput
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxPage = 1_000_000;
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(3653);

    public static (int Page, int Size) Paging(int? page, int? size)
    {
        var p = page ?? 1;
        var s = size ?? DefaultPageSize;
        if (p is < 1 or > MaxPage) throw ApiProblemException.BadRequest("page", $"page must be 1 to {MaxPage}.");
        if (s is < 1 or > MaxPageSize) throw ApiProblemException.BadRequest("size", $"size must be 1 to {MaxPageSize}.");
        return (p, s);
    }

    /// <summary>[start, end): an empty window is fine (its amount is 0), an inverted one is not (BILLING.md).</summary>
    public static (DateTime Start, DateTime End) Range(string? start, string? end)
    {
        var s = ApiTime.Parse(start, "starttime");
        var e = ApiTime.Parse(end, "endtime");
        if (e < s) throw ApiProblemException.BadRequest("endtime", "endtime must not be before starttime.");
        if (e - s > MaxRange) throw ApiProblemException.BadRequest("endtime", "The range may span at most 10 years.");
        return (s, e);
    }

    /// <summary>A wire name of <typeparamref name="T"/> ("active", "prepay"), exactly as the document lists them.</summary>
    public static T Enum<T>(string text, string field) where T : struct, System.Enum =>
        EnumNames.TryParse<T>(text, out var value) && text == EnumNames.ToWire(value) ? value
            : throw ApiProblemException.BadRequest(field,
                $"{field} must be one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => EnumNames.ToWire(v)))}.");
}
