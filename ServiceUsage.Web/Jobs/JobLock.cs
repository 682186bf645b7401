using System.Collections.Concurrent;
using MySqlConnector;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// One runner of a job at a time across every replica: MySQL's GET_LOCK on a connection held for the run
/// (released when that connection closes, so a crashed process never keeps it), or a process lock on SQLite.
/// </summary>
public sealed class JobLock(DatabaseSettings settings)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ProcessLocks = new();

    /// <summary>The held lock, or null when another runner holds it now.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var gate = ProcessLocks.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
            return await gate.WaitAsync(0, ct) ? new Releaser(() => { gate.Release(); return ValueTask.CompletedTask; }) : null;
        }

        var connection = new MySqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        var name = LockName(connection.Database, job);
        await using (var get = new MySqlCommand("SELECT GET_LOCK(@name, 0)", connection))
        {
            get.Parameters.AddWithValue("@name", name);
            if (Convert.ToInt64(await get.ExecuteScalarAsync(ct) ?? 0L) != 1)
            {
                await connection.DisposeAsync();
                return null;
            }
        }
        return new Releaser(async () =>
        {
            await using (var release = new MySqlCommand("SELECT RELEASE_LOCK(@name)", connection))
            {
                release.Parameters.AddWithValue("@name", name);
                await release.ExecuteScalarAsync(CancellationToken.None);
            }
            await connection.DisposeAsync();
        });
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
