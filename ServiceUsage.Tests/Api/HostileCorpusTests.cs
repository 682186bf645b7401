using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// 2,940 generated hostile requests (fixed seed) over every API route on MariaDB: no 5xx, every error a problem
/// (status, title, detail without .NET type names, trace id) that matches the OpenAPI document, and no row changed by
/// a refused request.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class HostileCorpusTests(ApiHostFixture fixture)
{
    public const int Seed = 20261202;
    public const int Count = 2940;

    [Fact]
    public async Task Hostile_requests_get_4xx_problems_and_refused_ones_change_no_row()
    {
        var tenantName = ApiHostFixture.NewUser("hostile");
        using var tenant = await fixture.TenantAsync(tenantName);
        using var admin = fixture.Admin();
        using var anonymous = fixture.Client(null);
        using var broken = fixture.Client("su_" + new string('x', 40));
        var own = await BuyAsync(tenant, new { type = "prepay", planId = "S", quantity = 1, months = 1 });
        var other = await BuyAsync(await fixture.TenantAsync(ApiHostFixture.NewUser("victim")), new { type = "postpay", planId = "P", quantity = 1 });
        var future = ApiTime.Format(fixture.Host.Clock.GetUtcNow().UtcDateTime.AddDays(30));
        await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/usageapi/v1/plans/S/versions",
            new { beginTime = future, name = "S later", serviceId = "mysql", monthlyPrice = 31m }), HttpStatusCode.Created);
        var ownWebhook = await WebhookAsync(tenant);
        var otherWebhook = await WebhookAsync(await fixture.TenantAsync(ApiHostFixture.NewUser("victim")));
        var clients = new Dictionary<string, HttpClient> { ["tenant"] = tenant, ["admin"] = admin, ["anonymous"] = anonymous, ["broken-token"] = broken };

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var refused = 0;
        var before = await FingerprintAsync();
        foreach (var request in new HostileCorpus(Seed, own, other, future, tenantName, ownWebhook, otherWebhook).Generate(Count))
        {
            var (status, problem) = await SendAsync(clients[request.Caller], request, failures);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var after = await FingerprintAsync();
            if (status >= 400)
            {
                refused++;
                if (after != before) failures.Add($"{request}: refused with {status} but changed rows");
                if (problem is not null) failures.AddRange(CheckProblem(request, status, problem));
            }
            if (status >= 500) failures.Add($"{request}: {status}");
            before = after;
        }

        ReliabilityFigures.Record("hostile-corpus", new { seed = Seed, requests = Count, refused, statuses, failures = failures.Count });
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures.Take(40))}");
        Assert.True(refused > Count * 0.8, $"only {refused} of {Count} were refused: the corpus is not hostile enough");
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
    }

    /// <summary>Sends one request; a 4xx answer's problem body (or a failure when it is none).</summary>
    private static async Task<(int Status, JsonObject? Problem)> SendAsync(HttpClient client, HostileRequest r, List<string> failures)
    {
        using var message = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        if (r.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(r.Body));
            if (r.ContentType is { Length: > 0 }) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(r.ContentType);
        }
        foreach (var (name, value) in r.Headers) message.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message);
        }
        catch (Xunit.Sdk.XunitException contract)
        {
            failures.Add($"{r}: {contract.Message}");
            return (0, null);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status < 400) return (status, null);
            var text = await response.Content.ReadAsStringAsync();
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{r}: {status} is not a problem: {response.Content.Headers.ContentType} {text[..Math.Min(text.Length, 200)]}");
                return (status, null);
            }
            return (status, JsonNode.Parse(text)!.AsObject());
        }
    }

    private static IEnumerable<string> CheckProblem(HostileRequest r, int status, JsonObject problem)
    {
        if ((int?)problem["status"] != status) yield return $"{r}: problem status {(int?)problem["status"]} for {status}";
        foreach (var member in new[] { "title", "detail", "traceId" })
            if (string.IsNullOrWhiteSpace((string?)problem[member])) yield return $"{r}: problem without {member}";
        if (DotNetName().IsMatch((string?)problem["detail"] ?? "")) yield return $"{r}: detail names .NET types: {problem["detail"]}";
    }

    /// <summary>
    /// Every row of the tables a request could change (API tokens without their last-use time, which sign-in moves; events
    /// without their sequence number, which the feed and the sequencing job set).
    /// </summary>
    private Task<string> FingerprintAsync() => fixture.QueryAsync(async db => string.Join("|", await db.Database.SqlQueryRaw<string>("""
        SELECT CONCAT_WS('#',
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', ORDER_ID, USER, PLAN_ID, SERVICE_QUANTITIES, STATUS, END_TIME, ROW_VERSION, CHARGED_UNTIL))), 0)) FROM DF_PURCHASE_ORDER),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', USAGE_ID, ORDER_ID, KIND, BEGIN_TIME, PAYMENT))), 0)) FROM DF_USAGE_HISTORY),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', ID, PLAN_ID, BEGIN_TIME, NAME, DETAILS))), 0)) FROM DF_PLAN_DETAILS),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', Id, `User`, Name, Role, RevokedAt))), 0)) FROM SU_API_TOKEN),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', `User`, `Key`, StatusCode, ResponseBody))), 0)) FROM SU_IDEMPOTENCY),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', ID, TYPE, DATA))), 0)) FROM SU_EVENT),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', Id, Owner, Url, EventTypes, Enabled, DisabledAt))), 0)) FROM SU_WEBHOOK_ENDPOINT),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', Id, Status, Attempts))), 0)) FROM SU_WEBHOOK_DELIVERY),
          (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS(',', `User`, Amount, Thresholds, UpdatedBy))), 0)) FROM SU_BUDGET)) AS `Value`
        """).ToListAsync()));

    private static async Task<long> WebhookAsync(HttpClient client) =>
        (long)(await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/webhooks", new { url = "https://hooks.public.test/hostile" }), HttpStatusCode.Created))["id"]!;

    private static async Task<string> BuyAsync(HttpClient client, object body) =>
        (string)(await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", body), HttpStatusCode.Created))["order"]!["orderId"]!;

    [GeneratedRegex(@"System\.|Nullable`|ServiceUsage\.|Microsoft\.|`1|\bat [A-Z]\w+\.")]
    private static partial Regex DotNetName();
}
