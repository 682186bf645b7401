using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Domain.Data;

/// <summary>A closed statement never changes: the one error for any attempt.</summary>
public sealed class ClosedStatementException(string message) : InvalidOperationException(message);

/// <summary>
/// Enforces in code that a closed statement is never updated: the context refuses to save a changed or deleted
/// statement or line, and the interceptor refuses any UPDATE statement on their tables (bulk updates included).
/// </summary>
internal sealed class ClosedStatements : DbCommandInterceptor
{
    private static readonly string[] Tables = ["SU_STATEMENT", "SU_STATEMENT_LINE"];

    public static void RefuseChanges(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Modified or EntityState.Deleted)) continue;
            var number = entry.Entity switch
            {
                Statement s => s.Number,
                StatementLine l => $"line {l.Position} of statement {l.StatementSequence}",
                _ => null,
            };
            if (number is not null)
                throw new ClosedStatementException($"Statement {number} is closed: a closed statement is never changed or deleted.");
        }
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command)
    {
        var text = command.CommandText;
        foreach (var table in Tables)
        {
            if (text.Contains($"UPDATE `{table}`", StringComparison.OrdinalIgnoreCase)
                || text.Contains($"UPDATE \"{table}\"", StringComparison.OrdinalIgnoreCase)
                || text.Contains($"UPDATE {table} ", StringComparison.OrdinalIgnoreCase))
                throw new ClosedStatementException($"{table} is never updated: a closed statement never changes.");
        }
    }
}
