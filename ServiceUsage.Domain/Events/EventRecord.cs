namespace ServiceUsage.Domain.Events;

/// <summary>
/// One row of SU_EVENT, the outbox: written in the transaction of the change it tells of, and numbered afterwards by
/// <see cref="EventSequencer"/>. Only numbered events are shown (feed, webhooks): see docs/adr/0011.
/// </summary>
public sealed class EventRecord
{
    /// <summary>The insert order (auto-increment). Internal: transactions commit in another order than they insert.</summary>
    public long Key { get; set; }

    /// <summary>Derived from what happened (<see cref="EventOutbox.IdOf"/>): the same occurrence written twice collides on it.</summary>
    public required string Id { get; set; }

    /// <summary>Deployment-wide, gapless, in the order events became visible; null until the sequencer numbers the event.</summary>
    public long? Sequence { get; set; }

    public required string Type { get; set; }

    /// <summary>When the change happened (UTC).</summary>
    public DateTime Time { get; set; }

    /// <summary>The tenant the event is about (exact comparison).</summary>
    public required string User { get; set; }

    /// <summary>The JSON the API shows for the order or statement (<see cref="Data.WireJson"/>), or the budget figures.</summary>
    public required string Data { get; set; }
}
