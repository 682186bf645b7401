using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>BILLING.md "Plans": versions in effect are history; future versions may change; a plan keeps its service and priced types.</summary>
public abstract class PlanVersionRulesTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    private static PlanDetails Details(decimal? monthly = 35m, decimal? hourly = null, string service = "mysql") =>
        new() { ServiceId = service, MonthlyPrice = monthly, HourlyPrice = hourly };

    [Fact]
    public async Task A_new_version_from_now_or_later_takes_effect_at_its_begin_time()
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        await Billing.WithPlansAsync(p => p.AddVersionAsync("S", Utc("2026-04-15T00:00:00Z"), "S v2", Details()));

        var history = await Billing.WithPlansAsync(p => p.HistoryAsync("S"));
        Assert.Equal(30m, history.At(Utc("2026-04-14T23:59:59Z"))!.Details.MonthlyPrice);
        Assert.Equal(35m, history.At(Utc("2026-04-15T00:00:00Z"))!.Details.MonthlyPrice);
        var catalog = await Billing.WithPlansAsync(p => p.CatalogAsync());
        Assert.Single(catalog.Single(e => e.Current.PlanId == "S").Upcoming);
    }

    [Fact]
    public async Task A_version_beginning_in_the_past_is_refused()
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        var ex = await Assert.ThrowsAsync<BillingException>(() =>
            Billing.WithPlansAsync(p => p.AddVersionAsync("S", Utc("2026-03-31T23:59:59Z"), "S", Details())));
        Assert.Equal(("beginTime", BillingError.Invalid), (ex.Field, ex.Error));
    }

    [Fact]
    public async Task Future_versions_may_be_edited_and_deleted_but_versions_in_effect_may_not()
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        var begin = Utc("2026-05-01T00:00:00Z");
        await Billing.WithPlansAsync(p => p.AddVersionAsync("S", begin, "S v2", Details()));
        await Billing.WithPlansAsync(p => p.UpdateFutureVersionAsync("S", begin, "S v2b", Details(33m)));
        Assert.Equal(33m, (await Billing.WithPlansAsync(p => p.HistoryAsync("S"))).At(begin)!.Details.MonthlyPrice);

        await Billing.WithPlansAsync(async p => { await p.DeleteFutureVersionAsync("S", begin); return 0; });
        Assert.Single((await Billing.WithPlansAsync(p => p.HistoryAsync("S"))).Versions);

        var ex = await Assert.ThrowsAsync<BillingException>(() =>
            Billing.WithPlansAsync(p => p.UpdateFutureVersionAsync("S", PlansBegin, "S", Details(1m))));
        Assert.Equal(BillingError.Conflict, ex.Error);
    }

    [Theory]
    [InlineData(null, 0.5, "volume", "serviceId")]
    [InlineData(null, 0.5, "mysql", "monthlyPrice")]
    [InlineData(-1.0, null, "mysql", "monthlyPrice")]
    [InlineData(30.00001, null, "mysql", "monthlyPrice")]
    [InlineData(30.0, 0.00001, "mysql", "hourlyPrice")]
    public async Task A_version_that_changes_the_service_drops_a_priced_type_or_has_a_bad_price_is_refused(
        double? monthly, double? hourly, string service, string field)
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        var details = Details((decimal?)monthly, (decimal?)hourly, service);
        var ex = await Assert.ThrowsAsync<BillingException>(() =>
            Billing.WithPlansAsync(p => p.AddVersionAsync("S", Utc("2026-05-01T00:00:00Z"), "S", details)));
        Assert.Equal((BillingError.Invalid, field), (ex.Error, ex.Field));
        Assert.Single((await Billing.WithPlansAsync(p => p.HistoryAsync("S"))).Versions);
    }

    [Theory]
    [InlineData("S<b>", "S", "planId")]
    [InlineData("-S", "S", "planId")]
    [InlineData("S", "", "name")]
    [InlineData("S", "<img src=x onerror=alert(1)>", "name")]
    [InlineData("S", "tab\there", "name")]
    public async Task Ids_with_markup_and_names_that_are_empty_or_carry_markup_are_refused(string planId, string name, string field)
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        var ex = await Assert.ThrowsAsync<BillingException>(() =>
            Billing.WithPlansAsync(p => p.AddVersionAsync(planId, Utc("2026-05-01T00:00:00Z"), name, Details())));
        Assert.Equal((BillingError.Invalid, field), (ex.Error, ex.Field));
        Assert.EndsWith(field == "planId" ? PlanRules.IdMessage : PlanRules.NameMessage, ex.Message);
    }

    [Fact]
    public async Task A_name_fits_its_column_of_200_characters_and_one_more_is_refused()
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        await Billing.WithPlansAsync(p => p.AddVersionAsync("S", Utc("2026-05-01T00:00:00Z"), new string('n', 200), Details()));
        var ex = await Assert.ThrowsAsync<BillingException>(() =>
            Billing.WithPlansAsync(p => p.AddVersionAsync("S", Utc("2026-06-01T00:00:00Z"), new string('n', 201), Details())));
        Assert.Equal("name", ex.Field);
        Assert.Equal(200, (await Billing.WithPlansAsync(p => p.HistoryAsync("S"))).Versions[^1].Name.Length);
    }
}

public sealed class SqlitePlanVersionRulesTests(SqliteDatabaseFixture f) : PlanVersionRulesTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbPlanVersionRulesTests(MariaDbDatabaseFixture f) : PlanVersionRulesTests(f), IClassFixture<MariaDbDatabaseFixture>;
