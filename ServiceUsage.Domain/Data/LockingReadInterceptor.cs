using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Turns a query tagged with <see cref="Tag"/> into a locking read that skips rows other transactions hold
/// (<c>FOR UPDATE SKIP LOCKED</c>, MySQL 8 and MariaDB 10.6+), which EF Core cannot express: a billing batch
/// reads its orders under the lock of the transaction that charges them, and concurrent writers take
/// different orders.
/// </summary>
internal sealed class LockingReadInterceptor : DbCommandInterceptor
{
    public const string Tag = "serviceusage:for-update";

    /// <summary>A locking read that waits for rows others hold (maintenance that must see every order of its page).</summary>
    public const string WaitTag = "serviceusage:for-update-wait";

    public static IQueryable<T> ForUpdate<T>(IQueryable<T> query) => query.TagWith(Tag);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    private static void Lock(DbCommand command)
    {
        if (command.CommandText.StartsWith("-- " + WaitTag, StringComparison.Ordinal))
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + " FOR UPDATE";
        else if (command.CommandText.StartsWith("-- " + Tag, StringComparison.Ordinal))
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + " FOR UPDATE SKIP LOCKED";
    }
}
