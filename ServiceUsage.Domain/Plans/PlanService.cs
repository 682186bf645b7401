using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Plans;

/// <summary>A plan as the catalogue shows it: the version in effect and the versions still to come.</summary>
public sealed record CatalogEntry(PlanVersion Current, IReadOnlyList<PlanVersion> Upcoming);

/// <summary>Plan versions: history is never changed; future versions may be added, edited or deleted.</summary>
public sealed class PlanService(ServiceUsageDbContext db, TimeProvider clock)
{
    /// <summary>Plans with a version in effect now, on sale, with their upcoming versions.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> CatalogAsync(bool includeOffSale = false, CancellationToken ct = default)
    {
        var now = BillingTime.Now(clock);
        var all = await db.PlanVersions.AsNoTracking().ToListAsync(ct);
        return all.GroupBy(v => v.PlanId)
            .Select(g => new PlanHistory(g.Key, g))
            .Select(h => (History: h, Current: h.At(now)))
            .Where(x => x.Current is not null && (includeOffSale || x.Current.Details.OnSale))
            .Select(x => new CatalogEntry(x.Current!, x.History.Versions.Where(v => v.BeginTime > now).ToList()))
            .OrderBy(e => e.Current.ServiceId).ThenBy(e => e.Current.PlanId)
            .ToList();
    }

    /// <summary>Every plan with all its versions, by plan id (the admin's plan page).</summary>
    public async Task<IReadOnlyList<PlanHistory>> HistoriesAsync(CancellationToken ct = default)
    {
        var all = await db.PlanVersions.AsNoTracking().ToListAsync(ct);
        return all.GroupBy(v => v.PlanId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PlanHistory(g.Key, g)).ToList();
    }

    public async Task<PlanHistory> HistoryAsync(string planId, CancellationToken ct = default)
    {
        var versions = InputRules.IsPlanId(planId)
            ? await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct)
            : [];
        if (versions.Count == 0) throw new BillingException(BillingError.NotFound, $"Plan '{planId}' was not found.", "planId");
        return new PlanHistory(planId, versions);
    }

    /// <summary>Adds a version that takes effect at <paramref name="beginTime"/> (now or later).</summary>
    public async Task<PlanVersion> AddVersionAsync(string planId, DateTime beginTime, string name, PlanDetails details, CancellationToken ct = default)
    {
        PlanRules.Check(planId, name, details);
        var now = BillingTime.Now(clock);
        beginTime = BillingTime.Normalize(beginTime);
        if (beginTime < now)
            throw new BillingException(BillingError.Invalid, "beginTime must be now or later: versions in effect are history.", "beginTime");
        var version = new PlanVersion { PlanId = planId, BeginTime = beginTime, Name = name, Details = details };
        var existing = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct);
        if (existing.Any(v => v.BeginTime == beginTime))
            throw new BillingException(BillingError.Conflict, $"Plan '{planId}' already has a version beginning at {beginTime:O}.", "beginTime");
        CheckConsistent(version, existing);
        db.PlanVersions.Add(version);
        await db.SaveChangesOrConflictAsync(ct);
        return version;
    }

    /// <summary>Changes a version that has not taken effect yet.</summary>
    public async Task<PlanVersion> UpdateFutureVersionAsync(string planId, DateTime beginTime, string name, PlanDetails details, CancellationToken ct = default)
    {
        PlanRules.Check(planId, name, details);
        var version = await FindFutureAsync(planId, beginTime, ct);
        var others = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId && v.Id != version.Id).ToListAsync(ct);
        version.Name = name;
        version.Details = details;
        CheckConsistent(version, others);
        await db.SaveChangesOrConflictAsync(ct);
        return version;
    }

    public async Task DeleteFutureVersionAsync(string planId, DateTime beginTime, CancellationToken ct = default)
    {
        var version = await FindFutureAsync(planId, beginTime, ct);
        db.PlanVersions.Remove(version);
        await db.SaveChangesOrConflictAsync(ct);
    }

    private async Task<PlanVersion> FindFutureAsync(string planId, DateTime beginTime, CancellationToken ct)
    {
        beginTime = BillingTime.Normalize(beginTime);
        var version = (InputRules.IsPlanId(planId)
                ? await db.PlanVersions.SingleOrDefaultAsync(v => v.PlanId == planId && v.BeginTime == beginTime, ct)
                : null)
            ?? throw new BillingException(BillingError.NotFound, $"Plan '{planId}' has no version beginning at {beginTime:O}.", "beginTime");
        if (version.BeginTime <= BillingTime.Now(clock))
            throw new BillingException(BillingError.Conflict, "This version is in effect or past: it is history and cannot change. Add a new version instead.", "beginTime");
        return version;
    }

    /// <summary>A plan keeps its service, and a type it has priced stays priced in every later version (fields: <see cref="PlanRules"/>).</summary>
    private static void CheckConsistent(PlanVersion version, IReadOnlyCollection<PlanVersion> others)
    {
        var d = version.Details;
        if (others.FirstOrDefault(o => o.ServiceId != d.ServiceId) is { } other)
            throw new BillingException(BillingError.Invalid, $"Plan '{version.PlanId}' sells '{other.ServiceId}'; a plan's service never changes.", "serviceId");
        var earlier = others.Where(o => o.BeginTime < version.BeginTime).ToList();
        if (d.MonthlyPrice is null && earlier.Any(o => o.Details.MonthlyPrice is not null))
            throw new BillingException(BillingError.Invalid, "An earlier version sells this plan prepaid: keep a monthlyPrice and use onSale=false to stop selling.", "monthlyPrice");
        if (d.HourlyPrice is null && earlier.Any(o => o.Details.HourlyPrice is not null))
            throw new BillingException(BillingError.Invalid, "An earlier version sells this plan postpaid: keep an hourlyPrice and use onSale=false to stop selling.", "hourlyPrice");
        var later = others.Where(o => o.BeginTime > version.BeginTime).ToList();
        if ((d.MonthlyPrice is not null && later.Any(o => o.Details.MonthlyPrice is null)) ||
            (d.HourlyPrice is not null && later.Any(o => o.Details.HourlyPrice is null)))
            throw new BillingException(BillingError.Invalid, "A later version does not price a type this version prices; edit that version first.", "beginTime");
    }
}
