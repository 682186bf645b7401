using ServiceUsage.Domain.Time;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>API times: the wire rule (<see cref="WireTime"/>) and the API's refusal of a bad one.</summary>
public static class ApiTime
{
    public static bool TryParse(string? text, out DateTime value) => WireTime.TryParse(text, out value);

    public static DateTime Parse(string? text, string field) =>
        TryParse(text, out var value) ? value
            : throw ApiProblemException.BadRequest(field,
                $"{field} must be an RFC 3339 time with an offset (2026-01-31T10:00:00Z) or Unix seconds.");

    public static string Format(DateTime value) => WireTime.Format(value);
}
