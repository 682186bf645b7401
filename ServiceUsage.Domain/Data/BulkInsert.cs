using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Inserts rows whose keys are known (nothing to read back) with multi-row INSERTs on MySQL, in the context's current
/// transaction; table, column names and value conversions come from the EF model.
/// </summary>
internal static class BulkInsert
{
    private const int RowsPerInsert = 500;

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        var columns = string.Join(",", properties.Select(p => $"`{p.GetColumnName(table)}`"));
        var connection = (MySqlConnection)db.Database.GetDbConnection();
        var transaction = (MySqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
            var sql = new StringBuilder($"INSERT INTO `{entity.GetTableName()}` ({columns}) VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ",(");
                for (var c = 0; c < properties.Count; c++)
                {
                    var name = $"@p{r}_{c}";
                    sql.Append(c == 0 ? name : "," + name);
                    command.Parameters.AddWithValue(name, ProviderValue(properties[c], chunk[r]));
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static object ProviderValue(IProperty property, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        var converter = property.GetTypeMapping().Converter;
        return (converter is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
    }
}
