using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Events;

/// <summary>
/// The pull feed: numbered events after a sequence number, in sequence order. Numbering first (a bounded pass), so a
/// reader sees what has committed without waiting for the sequencer's next scheduled run.
/// </summary>
public sealed class EventFeed(ServiceUsageDbContext db, EventSequencer sequencer)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>A reader's pass numbers at most this many batches; a longer backlog is the job's.</summary>
    private const int SequenceBatchesPerRead = 2;

    /// <param name="user">One tenant's events, or every tenant's for null (admins only: the caller decides).</param>
    public async Task<List<EventRecord>> ReadAsync(string? user, long after, int limit, CancellationToken ct)
    {
        await sequencer.SequenceAsync(SequenceBatchesPerRead, ct);
        var events = db.Events.AsNoTracking().Where(e => e.Sequence > after);
        if (user is not null) events = events.Where(e => e.User == user);
        return await events.OrderBy(e => e.Sequence).Take(limit).ToListAsync(ct);
    }
}
