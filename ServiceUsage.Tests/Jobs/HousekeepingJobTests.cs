using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>The daily housekeeping job forgets idempotency keys past their retention (24 h) and keeps the rest.</summary>
public sealed class HousekeepingJobTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task Idempotency_keys_older_than_the_retention_are_removed_and_newer_ones_kept()
    {
        var now = await fixture.ResetAsync();
        var user = $"hk{Guid.NewGuid():N}"[..12];
        await using (var db = fixture.Host.Database.NewContext())
        {
            db.IdempotencyRecords.AddRange(
                Record(user, "old", now.AddHours(-25)),
                Record(user, "edge", now.AddHours(-23)),
                Record(user, "new", now.AddMinutes(-5)));
            await db.SaveChangesAsync();
        }

        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<HousekeepingJob>().RunAsync(CancellationToken.None));

        await using var after = fixture.Host.Database.NewContext();
        var keys = await after.IdempotencyRecords.Where(r => r.User == user).Select(r => r.Key).OrderBy(k => k).ToListAsync();
        Assert.Equal(["edge", "new"], keys);
    }

    private static IdempotencyRecord Record(string user, string key, DateTime createdAt) => new()
    {
        User = user, Key = key, RequestHash = "h", StatusCode = 201, ResponseBody = "{}", CreatedAt = createdAt,
    };
}
