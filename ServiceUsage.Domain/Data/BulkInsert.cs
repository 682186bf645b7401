using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Inserts rows with multi-row INSERTs in the context's current transaction, on either database: every column the
/// database does not generate (an auto-increment key is left to it, nothing is read back). Table, column names and
/// value conversions come from the EF model.
/// </summary>
internal static class BulkInsert
{
    private const int RowsPerInsert = 500;

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().Where(p => p.GetColumnName(table) is not null && p.ValueGenerated == ValueGenerated.Never).ToList();
        var columns = string.Join(",", properties.Select(p => sqlHelper.DelimitIdentifier(p.GetColumnName(table)!)));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO {sqlHelper.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ",(");
                for (var c = 0; c < properties.Count; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{r}_{c}";
                    parameter.Value = ProviderValue(properties[c], chunk[r]);
                    command.Parameters.Add(parameter);
                    sql.Append(c == 0 ? parameter.ParameterName : "," + parameter.ParameterName);
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
