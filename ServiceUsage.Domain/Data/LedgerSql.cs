using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Values for SQL the ledger code writes itself, held as the model stores them (through each column's converter:
/// SQLite keeps times as ticks and money as 1/10000 units; MySQL gets DATETIME(6) text), named <c>@p0</c>,
/// <c>@p1</c>, … for <see cref="LedgerSql"/>'s commands.
/// </summary>
internal sealed class SqlArguments
{
    private readonly List<object?> _values = [];

    public string Add<T>(object? value, LedgerTables.Column<T> column)
    {
        _values.Add(column.Store(value));
        return "@p" + (_values.Count - 1).ToString(CultureInfo.InvariantCulture);
    }

    public string List<TValue, T>(IEnumerable<TValue> values, LedgerTables.Column<T> column)
    {
        var names = values.Select(v => Add<T>(v, column)).ToList();
        return names.Count == 0 ? "NULL" : string.Join(",", names);
    }

    /// <summary>The text as the command's, and the values as its parameters.</summary>
    public void Bind(DbCommand command, string sql)
    {
        command.CommandText = sql;
        for (var i = 0; i < _values.Count; i++)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = ("@p" + i.ToString(CultureInfo.InvariantCulture), _values[i] ?? DBNull.Value);
            command.Parameters.Add(parameter);
        }
    }
}

/// <summary>Reads the ledger with SQL of its own: one command, one round trip, on the context's connection and transaction.</summary>
internal static class LedgerSql
{
    /// <summary>
    /// Runs <paramref name="sql"/> and hands its reader to <paramref name="read"/>. The connection opens through EF (so a
    /// request fails fast when the database is down) and the command joins the context's transaction, if any; outside
    /// requests and transactions the provider's execution strategy retries a transient failure.
    /// </summary>
    public static Task<T> ReadAsync<T>(DbContext db, string sql, SqlArguments arguments, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        return db.Database.CurrentTransaction is not null ? OnceAsync(ct) : db.Database.CreateExecutionStrategy().ExecuteAsync(OnceAsync, ct);

        async Task<T> OnceAsync(CancellationToken token)
        {
            await db.Database.OpenConnectionAsync(token);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                arguments.Bind(command, sql);
                await using var reader = await command.ExecuteReaderAsync(token);
                return await read(reader, token);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// Runs a write in the context's current transaction, which the caller holds (its execution strategy, if any, wraps
    /// the whole transaction): a command of its own, without EF's raw-SQL formatting, for statements with thousands of
    /// values.
    /// </summary>
    public static async Task<int> ExecuteAsync(DbContext db, string sql, SqlArguments arguments, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("A ledger write runs in the caller's transaction.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        arguments.Bind(command, sql);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
