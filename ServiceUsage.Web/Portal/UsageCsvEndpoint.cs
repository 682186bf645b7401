using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// GET /portal/usage.csv?from=&amp;to=[&amp;user=]: the signed-in tenant's charges whose BEGIN_TIME lies in [from, to), streamed
/// row by row (admins may name a user); times in UTC, payments with their exact 4 places.
/// </summary>
public static class UsageCsvEndpoint
{
    public const string Path = "/portal/usage.csv";

    public static IEndpointRouteBuilder MapUsageCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext http, ClaimsPrincipal principal, ServiceUsageDbContext db, DateTime? from, DateTime? to, string? user) =>
        {
            var self = principal.Identity?.Name!;
            var access = principal.IsInRole(Roles.Admin) ? OrderAccess.Admin : OrderAccess.Tenant(self);
            var name = user is { Length: > 0 } ? user : self;
            // A plain 403: the cookie scheme would turn Forbid() into a redirect to the denied page.
            if (InputRules.UserError(name) is not null || !access.MaySee(name)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            var start = (from ?? DateTime.UnixEpoch).ToUniversalTime();
            var end = (to ?? DateTime.MaxValue).ToUniversalTime();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"usage.csv\"";
            // A byte order mark, so spreadsheet programs read UTF-8 (user and plan ids may not be ASCII).
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await writer.WriteLineAsync("usage_id,order_id,kind,begin_utc,end_utc,payment,plan_id,service_id,quantity");
            var rows = db.UsageHistory.AsNoTracking()
                .Where(u => u.User == name && u.BeginTime >= start && u.BeginTime < end)
                .OrderBy(u => u.BeginTime).ThenBy(u => u.UsageId)
                .AsAsyncEnumerable();
            await foreach (var u in rows.WithCancellation(http.RequestAborted))
            {
                var d = u.OrderDetails;
                await writer.WriteLineAsync(string.Join(',', u.UsageId.ToString(CultureInfo.InvariantCulture), u.OrderId, EnumNames.ToWire(u.Kind),
                    u.BeginTime.ToString("O"), u.EndTime.ToString("O"), MoneyFormat.Plain(u.Payment),
                    Csv(d.PlanId), Csv(d.ServiceId), d.Quantity.ToString(CultureInfo.InvariantCulture)));
            }
            return Results.Empty;
        }).RequireAuthorization();
        return app;
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
