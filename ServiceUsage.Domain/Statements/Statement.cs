namespace ServiceUsage.Domain.Statements;

/// <summary>
/// A tenant's month (BILLING.md "Statements"). Once closed it is stored whole, numbered and never changed: the
/// context refuses to update or delete one. A statement built live (the month to date) has no number.
/// </summary>
public sealed class Statement
{
    /// <summary><c>{prefix}-{yyyyMM}-{n}</c>; null for a month computed live (not final).</summary>
    public string? Number { get; set; }

    /// <summary>
    /// n of the number, and the key: gapless per deployment, in closing order, taken under the counter row's lock (so
    /// the key is known before the insert and a batch is written without reading generated ids back). 0 while not closed.
    /// </summary>
    public long Sequence { get; set; }

    public required string User { get; set; }

    /// <summary>The month in the deployment's statement time zone, <c>yyyy-MM</c>.</summary>
    public required string Month { get; set; }

    /// <summary>The month's first instant (UTC).</summary>
    public DateTime PeriodBegin { get; set; }

    /// <summary>The next month's first instant (UTC).</summary>
    public DateTime PeriodEnd { get; set; }

    public required string Currency { get; set; }

    /// <summary>The sum of the lines, adjustments included (each line already rounded).</summary>
    public decimal Charged { get; set; }

    /// <summary>amount(user, month): what was used in the month, prepaid money spread over its period.</summary>
    public decimal Consumed { get; set; }

    public int LineCount { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// The ledger's highest USAGE_ID when the statement closed: its month lines cover exactly the tenant's rows
    /// beginning in the month with USAGE_ID at most this; a row that arrives later is a late row (adjustments).
    /// </summary>
    public long LastUsageId { get; set; }

    /// <summary>SHA-256 (hex) of the statement as closed (see <see cref="StatementHash"/>).</summary>
    public string ContentHash { get; set; } = "";

    public List<StatementLine> Lines { get; set; } = [];

    public bool IsFinal => Number is not null;

    public IEnumerable<StatementLine> MonthLines => Lines.Where(l => l.Section == StatementSection.Month);

    public IEnumerable<StatementLine> Adjustments => Lines.Where(l => l.Section == StatementSection.Adjustment);
}

public enum StatementSection { Month, Adjustment }

/// <summary>
/// One line: a purchase, renewal, upgrade credit or charge, or refund row; or the usage rows of one order summed per
/// (plan version, quantity); or, in the adjustments section, one late row of an earlier month.
/// </summary>
public sealed class StatementLine
{
    /// <summary>The statement's <see cref="Statement.Sequence"/>; with <see cref="Position"/>, the key.</summary>
    public long StatementSequence { get; set; }

    public int Position { get; set; }
    public StatementSection Section { get; set; }

    /// <summary>The month (<c>yyyy-MM</c>) the line's rows belong to: the statement's own, or an earlier one for adjustments.</summary>
    public required string Month { get; set; }

    public required string OrderId { get; set; }
    public required string ServiceId { get; set; }
    public required string PlanId { get; set; }
    public DateTime VersionBeginTime { get; set; }

    /// <summary>The version's price: per unit and month (prepay) or per unit and hour (usage).</summary>
    public decimal UnitPrice { get; set; }

    public int Quantity { get; set; }
    public ChargeKind Kind { get; set; }

    /// <summary>The period the line covers: the row's, or from the first usage row's begin to the last one's end.</summary>
    public DateTime BeginTime { get; set; }

    public DateTime EndTime { get; set; }

    /// <summary>Usage lines: the hours charged (4 places); null for other kinds.</summary>
    public decimal? Hours { get; set; }

    public int RowCount { get; set; }
    public decimal Amount { get; set; }

    /// <summary>The one ledger row of a line that is not a usage sum (unique: a row is never on two lines).</summary>
    public long? UsageId { get; set; }
}

/// <summary>The deployment's one statement counter row: the next number and how far the ledger was scanned for late rows.</summary>
public sealed class StatementState
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    /// <summary>n of the next statement to close.</summary>
    public long NextSequence { get; set; } = 1;

    /// <summary>Every row with USAGE_ID up to this has been looked at: it was on its month's statement, or recorded as late.</summary>
    public long ScannedThrough { get; set; }
}

/// <summary>A row found beginning in a month already closed for its tenant; it goes on the tenant's next statement.</summary>
public sealed class LateRow
{
    public long UsageId { get; set; }
    public required string User { get; set; }
    public DateTime FoundAt { get; set; }
}
