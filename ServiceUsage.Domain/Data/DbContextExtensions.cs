using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Data;

public static class DbContextExtensions
{
    /// <summary>
    /// Saves in one transaction. A lost optimistic-concurrency race or a charge the unique key already holds
    /// becomes a <see cref="BillingError.Conflict"/>: nothing of this call was stored.
    /// </summary>
    public static async Task SaveChangesOrConflictAsync(this DbContext db, CancellationToken ct, bool acceptAllChanges = true)
    {
        try
        {
            await db.SaveChangesAsync(acceptAllChanges, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new BillingException(BillingError.Conflict, "The order was changed by someone else at the same time; reload it and try again.");
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw new BillingException(BillingError.Conflict, "This charge was already recorded by a concurrent change; reload and try again.");
        }
    }

    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        MySqlConnector.MySqlException my => my.ErrorCode == MySqlConnector.MySqlErrorCode.DuplicateKeyEntry,
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };
}
