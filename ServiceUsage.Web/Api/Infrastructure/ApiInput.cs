namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Checks the API applies before anything reaches the database.</summary>
public static class ApiInput
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(3653);

    public static string CheckText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw ApiProblemException.BadRequest(field, $"{field} is required.");
        if (value.Length > maxLength)
            throw ApiProblemException.BadRequest(field, $"{field} must be at most {maxLength} characters.");
        if (value.Any(char.IsControl))
            throw ApiProblemException.BadRequest(field, $"{field} must not contain control characters.");
        return value;
    }

    public static (int Page, int Size) Paging(int? page, int? size)
    {
        var p = page ?? 1;
        var s = size ?? DefaultPageSize;
        if (p < 1 || p > 1_000_000) throw ApiProblemException.BadRequest("page", "page must be 1 or more.");
        if (s < 1 || s > MaxPageSize) throw ApiProblemException.BadRequest("size", $"size must be 1 to {MaxPageSize}.");
        return (p, s);
    }

    public static (DateTime Start, DateTime End) Range(string? start, string? end)
    {
        var s = ApiTime.Parse(start, "starttime");
        var e = ApiTime.Parse(end, "endtime");
        if (e <= s) throw ApiProblemException.BadRequest("endtime", "endtime must be after starttime.");
        if (e - s > MaxRange) throw ApiProblemException.BadRequest("endtime", "The range may span at most 10 years.");
        return (s, e);
    }
}
