using System.Collections.Concurrent;
using MySqlConnector;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Billing;

/// <summary>
/// One runner of a job at a time across every replica: MySQL's GET_LOCK on a connection held for the run (released
/// when that connection closes, so a crashed process never keeps it), or a process lock on SQLite.
/// </summary>
public sealed class BillingLock(DatabaseSettings settings)
{
    /// <summary>A job attempt during an outage fails this fast instead of waiting for the driver's default connect timeout.</summary>
    public const int ConnectTimeoutSeconds = 2;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ProcessLocks = new();
    private readonly string _connectionString = settings.Provider == DatabaseProvider.MySql
        ? new MySqlConnectionStringBuilder(settings.ConnectionString) { ConnectionTimeout = ConnectTimeoutSeconds }.ConnectionString
        : settings.ConnectionString;

    /// <summary>The held lock, or null when another runner holds it now. Throws when the database cannot be reached.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var gate = ProcessLocks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
            return await gate.WaitAsync(0, ct) ? new Releaser(() => { gate.Release(); return ValueTask.CompletedTask; }) : null;
        }

        var connection = new MySqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            var lockName = LockName(connection.Database, name);
            await using var get = new MySqlCommand("SELECT GET_LOCK(@name, 0)", connection);
            get.Parameters.AddWithValue("@name", lockName);
            if (Convert.ToInt64(await get.ExecuteScalarAsync(ct) ?? 0L) != 1)
            {
                await connection.DisposeAsync();
                return null;
            }
            return new Releaser(async () =>
            {
                await using (var release = new MySqlCommand("SELECT RELEASE_LOCK(@name)", connection))
                {
                    release.Parameters.AddWithValue("@name", lockName);
                    try
                    {
                        await release.ExecuteScalarAsync(CancellationToken.None);
                    }
                    catch (MySqlException)
                    {
                        // The connection is gone, and the lock with it.
                    }
                }
                await connection.DisposeAsync();
            });
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Lock names are server-wide: include the database so two deployments on one server do not block each other.
    private static string LockName(string database, string job)
    {
        var name = $"serviceusage:{database}:{job}";
        return name.Length <= 64 ? name : name[..64];
    }

    private sealed class Releaser(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}
