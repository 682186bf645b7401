using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceUsage.Tests.Domain.Vectors;

/// <summary>The schema of billing-vectors.json (see shared/BILLING-VECTORS.md).</summary>
public sealed record VectorFile(string Format, List<BillingVector> Scenarios)
{
    private static readonly Lazy<VectorFile> Loaded = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Domain", "Vectors", "billing-vectors.json");
        return JsonSerializer.Deserialize<VectorFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    });

    public static VectorFile Instance => Loaded.Value;

    public static IEnumerable<object[]> Names() => Instance.Scenarios.Select(s => new object[] { s.Name });

    public static BillingVector Get(string name) => Instance.Scenarios.Single(s => s.Name == name);
}

public sealed record BillingVector(
    string Name,
    string RefundPolicy,
    List<VectorPlan> Plans,
    List<VectorEvent> Events,
    List<VectorRow> ExpectedRows,
    List<VectorOrder> ExpectedOrders,
    DateTime Now,
    List<VectorQuery> Queries)
{
    public override string ToString() => Name;
}

public sealed record VectorPlan(string PlanId, DateTime BeginTime, string ServiceId, string? MonthlyPrice, string? HourlyPrice, bool OnSale);

public sealed record VectorEvent(
    DateTime At, string Op, string? OrderId, string? User, string? PlanId, int? Quantity, int? Months, bool? AutoRenew, string? ExpectError);

public sealed record VectorRow(string OrderId, string User, string Kind, DateTime BeginTime, DateTime EndTime, string Payment);

public sealed record VectorOrder(string OrderId, string Status, DateTime? EndTime, string PlanId, int Quantity);

public sealed record VectorQuery(string Kind, string User, string? OrderId, DateTime? Start, DateTime? End, DateTime? At, JsonElement Expect);
