using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Requests fail fast when the database cannot be reached; background work keeps retrying. The host marks each
/// request's async flow (API calls, pages, the portal's circuit) with <see cref="Enter"/>; inside it the MySQL
/// execution strategy makes one attempt (no retries, so user transactions need no strategy wrapper either) and
/// a connection must open within <see cref="ConnectTimeout"/>. Outside it (the jobs) nothing changes.
/// </summary>
public static class RequestFailFast
{
    /// <summary>How long a request waits for a connection to open (a dead host answers at once; a silent one does not).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1.5);

    private static readonly AsyncLocal<bool> Marked = new();

    public static bool IsActive => Marked.Value;

    /// <summary>Marks the current async flow (and what it starts) as a request; the mark ends with the caller's method.</summary>
    public static void Enter() => Marked.Value = true;

    /// <summary>
    /// Whether an exception says the database could not do the work just now (unreachable, or a transient error
    /// such as a dropped connection): worth trying again later, unlike a refusal.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DatabaseUnavailableException or RetryLimitExceededException) return true;
            if (e is MySqlException my && (my.IsTransient || my.ErrorCode == MySqlErrorCode.UnableToConnectToHost)) return true;
            if (e is MySqlEndOfStreamException) return true;
        }
        return false;
    }
}

/// <summary>The database did not answer in time for a request.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>MySQL's retrying strategy, except inside a request (<see cref="RequestFailFast"/>): one attempt there.</summary>
internal sealed class RetryOutsideRequestsStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount)
    : MySqlRetryingExecutionStrategy(dependencies, maxRetryCount)
{
    public override bool RetriesOnFailure => !RequestFailFast.IsActive && base.RetriesOnFailure;

    protected override bool ShouldRetryOn(Exception exception) => !RequestFailFast.IsActive && base.ShouldRetryOn(exception);
}

/// <summary>Inside a request, a connection that does not open within <see cref="RequestFailFast.ConnectTimeout"/> is given up.</summary>
internal sealed class RequestConnectTimeoutInterceptor : DbConnectionInterceptor
{
    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken ct = default)
    {
        if (!RequestFailFast.IsActive || result.IsSuppressed) return result;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestFailFast.ConnectTimeout);
        try
        {
            await connection.OpenAsync(timeout.Token);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new DatabaseUnavailableException("The database did not accept a connection in time.", ex);
        }
        return InterceptionResult.Suppress();
    }
}
