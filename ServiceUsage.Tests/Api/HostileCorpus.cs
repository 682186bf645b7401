using System.Text;

namespace ServiceUsage.Tests.Api;

/// <summary>One generated request: who sends it, and what.</summary>
public sealed record HostileRequest(string Caller, string Method, string Path, string? Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public override string ToString() =>
        $"{Caller} {Method} {Path[..Math.Min(Path.Length, 120)]} [{ContentType}] {Body?[..Math.Min(Body.Length, 120)]}";
}

/// <summary>
/// Generates hostile requests for every API route from a fixed seed: values of the wrong type, overflowing numbers,
/// non-ASCII and control characters, lone surrogates, huge and deeply nested bodies, duplicate keys, wrong content
/// types and charsets, odd methods and paths, bad credentials. Some happen to be valid; most are refusals.
/// </summary>
public sealed class HostileCorpus(int seed, string ownOrder, string otherOrder, string futureVersion, string ownUser, long ownWebhook = 0, long otherWebhook = 0)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Texts =
    [
        "", " ", "x", "S", "P", "NOPE", "álice", "ALICE", "alice ", " alice", "😀", "a\u202eb", "\u0000", "a\u0001b", "\t", "\r\n",
        "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%2F", "null", "true", "-1", "0x10", "２",
        "İ", "ß", "ﬁ", "Ω", "\u00a0", "\u200b", "e\u0301", new string('a', 65), new string('u', 121), new string('z', 5000),
    ];

    private static readonly string[] Numbers =
        ["0", "-1", "1", "1000", "1001", "36", "37", "2147483647", "2147483648", "-2147483649", "1e309", "-1e309", "1.5", "0.00001",
         "99999999999999999999999999999999", "\"5\"", "true", "null", "[]", "{}", "NaN", "\"\""];

    private static readonly string[] Times =
        ["\"2026-13-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2026-01-01\"", "\"2026-01-01T00:00:00\"",
         "\"2026-01-01T00:00:00+25:00\"", "\"2030-01-01T00:00:00Z\"", "-1", "99999999999999", "1e10", "1.5", "1893456000", "\"\"", "null", "[]"];

    private static readonly string[] ContentTypes =
        ["application/json", "application/json", "application/json", "text/plain", "application/xml", "application/x-www-form-urlencoded",
         "application/json; charset=latin1", "application/json; charset=utf-16", "application/json; charset=bogus", "application/merge-patch+json", ""];

    public IEnumerable<HostileRequest> Generate(int count)
    {
        var routes = new Func<HostileRequest>[]
        {
            Amount, Speed, ListOrders, GetOrder, Charges, CreateOrder, ChangeOrder, Plans, PlanVersions, AddPlanVersion,
            UpdatePlanVersion, DeletePlanVersion, CreateToken, ListTokens, RevokeToken, Events, OddMethodOrPath,
            CreateWebhook, ListWebhooks, GetWebhook, UpdateWebhook, DeleteWebhook, WebhookDeliveries, ResendWebhookDelivery,
            GetBudget, PutBudget, DeleteBudget, Forecast,
        };
        for (var i = 0; i < count; i++) yield return routes[i % routes.Length]();
    }

    private HostileRequest Amount() => Get($"/usageapi/v1/amount?{Query(("user", Text()), ("order", OrderIdLike()), ("starttime", QueryTime()), ("endtime", QueryTime()))}");

    private HostileRequest Speed() => Get($"/usageapi/v1/speed?{Query(("user", Text()), ("order", OrderIdLike()), ("time", QueryTime()))}");

    private HostileRequest ListOrders() =>
        Get($"/usageapi/v1/purchaseorders?{Query(("user", Text()), ("status", Pick("active", "Active", "paused", "", "1")), ("type", Pick("prepay", "free", "POSTPAY")), ("page", QueryNumber()), ("size", QueryNumber()))}");

    private HostileRequest GetOrder() => Get($"/usageapi/v1/purchaseorders/{Segment(OrderIdLike())}");

    private HostileRequest Charges() => Get($"/usageapi/v1/purchaseorders/{Segment(OrderIdLike())}/charges?{Query(("page", QueryNumber()), ("size", QueryNumber()))}");

    private HostileRequest CreateOrder() => WithBody("POST", "/usageapi/v1/purchaseorders",
        [("type", Pick("\"prepay\"", "\"postpay\"", "\"Prepay\"", "\"free\"", "0", "null")), ("planId", JsonText(Pick("S", "P", "X", "V"))),
         ("quantity", "1"), ("months", "1"), ("autoRenew", Pick("true", "false", "\"yes\"")), ("user", JsonText(Text())), ("dryRun", "true")],
        key: Chance(0.4) ? Pick("k-1", "k-2", new string('k', 101), "ключ", "") : null);

    private HostileRequest ChangeOrder() => WithBody("PUT", $"/usageapi/v1/purchaseorders/{Segment(Chance(0.6) ? ownOrder : OrderIdLike())}",
        [("action", Pick("\"cancel\"", "\"upgrade\"", "\"pause\"", "\"CANCEL\"", "1", "null")), ("planId", JsonText(Pick("L", "S", "V", "X"))),
         ("quantity", "2"), ("dryRun", "true")],
        ifMatch: Chance(0.3) ? Pick("*", "\"x\"", "W/\"abc\"", new string('"', 300)) : null);

    private HostileRequest Events() =>
        Get($"/usageapi/v1/events?{Query(("user", Text()), ("after", Pick("0", "-1", "9223372036854775807", "9223372036854775808", "abc", "1e3", "")), ("limit", QueryNumber()))}", admin: Chance(0.5));

    private HostileRequest Plans() => Get("/usageapi/v1/plans" + (Chance(0.5) ? "?" + Query(("x", Text())) : ""));

    private HostileRequest PlanVersions() => Get($"/usageapi/v1/plans/{Segment(PlanIdLike())}/versions", admin: Chance(0.5));

    private HostileRequest AddPlanVersion() => WithBody("POST", $"/usageapi/v1/plans/{Segment(PlanIdLike())}/versions", PlanFields(withBegin: true), admin: true);

    private HostileRequest UpdatePlanVersion() =>
        WithBody("PUT", $"/usageapi/v1/plans/{Segment(Chance(0.5) ? "S" : PlanIdLike())}/versions/{Segment(Chance(0.5) ? futureVersion : PathTime())}",
            PlanFields(withBegin: false), admin: true);

    private HostileRequest DeletePlanVersion() =>
        Send("DELETE", $"/usageapi/v1/plans/{Segment(Chance(0.5) ? "S" : PlanIdLike())}/versions/{Segment(PathTime())}", admin: true);

    private HostileRequest CreateToken() => WithBody("POST", "/usageapi/v1/tokens",
        [("user", JsonText(Text())), ("name", JsonText(Text())), ("role", Pick("\"tenant\"", "\"admin\"", "\"root\"", "\"Tenant\"", "1"))], admin: Chance(0.8));

    private HostileRequest ListTokens() => Get($"/usageapi/v1/tokens?{Query(("user", Text()))}", admin: Chance(0.8));

    private HostileRequest RevokeToken() => Send("DELETE", $"/usageapi/v1/tokens/{Segment(Pick("0", "-1", "999999999", "99999999999999999999", "abc", "1.5", Text()))}", admin: true);

    private HostileRequest CreateWebhook() => WithBody("POST", "/usageapi/v1/webhooks",
        [("url", JsonText(WebhookUrl())), ("eventTypes", Pick("[]", "[\"order.created\"]", "[\"order.deleted\"]", "[null]", "\"order.created\"", "[1]", "null"))]);

    private HostileRequest ListWebhooks() => Get($"/usageapi/v1/webhooks?{Query(("user", Text()))}", admin: Chance(0.3));

    private HostileRequest GetWebhook() => Get($"/usageapi/v1/webhooks/{Segment(WebhookId())}");

    private HostileRequest UpdateWebhook() => WithBody("PUT", $"/usageapi/v1/webhooks/{Segment(WebhookId())}",
        [("url", JsonText(WebhookUrl())), ("enabled", Pick("true", "false", "\"no\"", "1")), ("eventTypes", Pick("[]", "[\"statement.closed\"]", "[\"\"]"))]);

    private HostileRequest DeleteWebhook() => Send("DELETE", $"/usageapi/v1/webhooks/{Segment(Chance(0.5) ? otherWebhook.ToString() : WebhookId())}");

    private HostileRequest WebhookDeliveries() =>
        Get($"/usageapi/v1/webhooks/{Segment(WebhookId())}/deliveries?{Query(("limit", QueryNumber()), ("before", QueryNumber()))}");

    private HostileRequest ResendWebhookDelivery() =>
        Send("POST", $"/usageapi/v1/webhooks/{Segment(WebhookId())}/deliveries/{Segment(Pick("0", "1", "-1", "99999999999999999999", Text()))}/resend");

    private string WebhookId() => Pick(ownWebhook.ToString(), otherWebhook.ToString(), "0", "-1", "1.5", "99999999999999999999", "abc", Text());

    private string WebhookUrl() => Pick("https://hooks.public.test/h", "http://hooks.public.test/h", "https://127.0.0.1/h", "https://[::1]/h",
        "https://169.254.169.254/", "https://10.0.0.1/", "https://loopback.test/", "https://nowhere.test/", "ftp://x/", "https://u:p@hooks.public.test/",
        "https://hooks.public.test/" + new string('p', 600), Text());
    private HostileRequest GetBudget() => Get($"/usageapi/v1/budgets/{Segment(UserLike())}", admin: Chance(0.3));

    private HostileRequest PutBudget() => WithBody("PUT", $"/usageapi/v1/budgets/{Segment(UserLike())}",
        [("amount", Pick(Numbers)), ("thresholds", Pick("[50,80,100]", "[]", "[0]", "[50,50]", "[1001]", "[1,2,3,4,5,6,7,8,9,10,11]", "[\"50\"]", "[50.5]", "null", "{}"))],
        admin: Chance(0.3));

    private HostileRequest DeleteBudget() => Send("DELETE", $"/usageapi/v1/budgets/{Segment(UserLike())}", admin: Chance(0.3));

    private HostileRequest Forecast() =>
        Get($"/usageapi/v1/forecast?{Query(("user", UserLike()), ("month", Pick("2026-03", "2026-13", "2026-3", "1970-01", "9999-12", "２０２６-03", "", Text())))}");

    /// <summary>The tenant's own name now and then (the corpus's tenant is "hostile…"), else any text.</summary>
    private string UserLike() => Chance(0.3) ? ownUser : Text();

    private HostileRequest OddMethodOrPath() => _random.Next(5) switch
    {
        0 => Send(Pick("PATCH", "OPTIONS", "TRACE", "PUT", "DELETE"), Pick("/usageapi/v1/amount", "/usageapi/v1/plans", "/usageapi/v1/tokens")),
        1 => Get($"/usageapi/v1/{Segment(Text())}"),
        2 => Get($"/usageapi/{Segment(Text())}/{Segment(Text())}"),
        3 => Get($"/usageapi/v1/purchaseorders/{Segment(ownOrder)}/{Segment(Text())}"),
        _ => Send("POST", "/usageapi/v1/speed"),
    };

    private (string, string)[] PlanFields(bool withBegin)
    {
        var fields = new List<(string, string)>
        {
            ("name", JsonText(Text())), ("serviceId", JsonText(Pick("mysql", "volume", "", "My SQL", "ü"))), ("description", JsonText(Text())),
            ("unit", JsonText(Text())), ("monthlyPrice", Pick(Numbers)), ("hourlyPrice", Pick(Numbers)), ("onSale", Pick("true", "false", "\"no\"")),
        };
        if (withBegin) fields.Insert(0, ("beginTime", Chance(0.7) ? Pick(Times) : "\"2031-01-01T00:00:00Z\""));
        return [.. fields];
    }

    /// <summary>A JSON body from fields, then damaged: a value replaced, a key doubled, nesting, padding, or no JSON at all.</summary>
    private HostileRequest WithBody(string method, string path, (string Key, string Value)[] fields, bool admin = false, string? key = null, string? ifMatch = null)
    {
        var list = fields.ToList();
        if (list.Count > 0)
        {
            var victim = _random.Next(list.Count);
            list[victim] = (list[victim].Key, _random.Next(3) switch { 0 => Pick(Numbers), 1 => JsonText(Text()), _ => Pick(Times) });
        }
        var body = "{" + string.Join(",", list.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
        body = _random.Next(12) switch
        {
            0 => body.TrimEnd('}') + $",\"{list[0].Key}\":{list[0].Value}}}",                              // a duplicate key
            1 => body.TrimEnd('}') + ",\"deep\":" + new string('[', 5000) + new string(']', 5000) + "}",  // nesting
            2 => body.TrimEnd('}') + $",\"pad\":\"{new string('x', 70_000)}\"}}",                        // over 64 KB
            3 => Pick("", "null", "[]", "\"text\"", "{", "{\"a\":}", "<xml/>", "type=prepay&planId=S", "{\"x\":\"\\ud800\"}"),
            4 => body.Replace(":", ":\"\\u0000\","),                                                       // garbage values
            _ => body,
        };
        var headers = new Dictionary<string, string>();
        if (key is not null) headers["Idempotency-Key"] = key;
        if (ifMatch is not null) headers["If-Match"] = ifMatch;
        return new HostileRequest(Caller(admin), method, path, body, Pick(ContentTypes), headers);
    }

    private HostileRequest Get(string path, bool admin = false) => Send("GET", path, admin);

    private HostileRequest Send(string method, string path, bool admin = false) =>
        new(Caller(admin), method, path, null, null, new Dictionary<string, string>());

    /// <summary>Mostly the tenant or an admin; now and then a caller with no or a broken credential.</summary>
    private string Caller(bool admin) => _random.Next(20) switch
    {
        0 => "anonymous",
        1 => "broken-token",
        _ => admin || Chance(0.3) ? "admin" : "tenant",
    };

    private string Text() => Pick(Texts);

    private string OrderIdLike() => Pick(ownOrder, otherOrder, ownOrder.ToLowerInvariant(), ownOrder + " ", ownOrder[..31] + "é", new string('o', 33), "", Text());

    private string PlanIdLike() => Pick("S", "s", "X", "NOPE", "new-plan", "a_b", "-x", "ü", "", Text());

    private string QueryTime() => Pick("2026-01-01T00:00:00Z", "2026-01-01T08:00:00+08:00", "1767225600", "-1", "2026-13-01T00:00:00Z",
        "2026-01-01T00:00:00", "9999-12-31T23:59:59Z", "99999999999999999999", "", Text());

    private string PathTime() => Pick("2031-01-01T00:00:00Z", "not-a-time", "1893456000", "2026-02-30T00:00:00Z", Text());

    private string QueryNumber() => Pick("1", "0", "-1", "501", "1000001", "99999999999", "abc", "1.5", "", "１");

    private static string JsonText(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string Query(params (string Key, string Value)[] pairs) =>
        string.Join("&", pairs.Select(p => $"{p.Key}={Uri.EscapeDataString(Utf16Safe(p.Value))}"));

    /// <summary>A path segment; Kestrel itself refuses a NUL in the path (400) before the app runs, so none is sent there.</summary>
    private static string Segment(string value) => value.Replace("\0", "").Length == 0 ? "%20" : Uri.EscapeDataString(Utf16Safe(value.Replace("\0", "")));

    /// <summary>Lone surrogates cannot travel in a URL (UTF-8); the body carries them instead.</summary>
    private static string Utf16Safe(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    private string Pick(params string[] values) => values[_random.Next(values.Length)];

    private bool Chance(double p) => _random.NextDouble() < p;
}
