using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// The ledger tables (and the event outbox) as the EF model maps them, for SQL the bulk writer builds itself: delimited table and column
/// names, and each column's stored value (through the property's value converter), so the schema is said once, in
/// <c>Configurations/</c>.
/// </summary>
internal sealed class LedgerTables
{
    private static readonly ConditionalWeakTable<IModel, LedgerTables> Cache = new();

    private LedgerTables(IModel model, ISqlGenerationHelper sql)
    {
        Usage = new Table<UsageRecord>(model, sql);
        Orders = new Table<PurchaseOrder>(model, sql);
        Events = new Table<EventRecord>(model, sql);
        Daily = new Table<DailyUsage>(model, sql);
        DailyUser = new Table<DailyUserUsage>(model, sql);
    }

    public Table<UsageRecord> Usage { get; }

    public Table<PurchaseOrder> Orders { get; }

    /// <summary>The outbox (SU_EVENT), whose sequence numbers <see cref="Events.EventSequencer"/> sets with SQL of its own.</summary>
    public Table<EventRecord> Events { get; }

    public Table<DailyUsage> Daily { get; }

    public Table<DailyUserUsage> DailyUser { get; }

    public static LedgerTables For(DbContext db) => Cache.GetValue(db.Model, model => new LedgerTables(model, db.GetService<ISqlGenerationHelper>()));

    /// <summary>
    /// A column: its delimited name, the entity's value, that value as stored (through the converter), and a stored
    /// value read back as the model's (a SUM of the column too: SQLite's sums of scaled money are integers).
    /// </summary>
    public sealed record Column<T>(string Name, Func<T, object?> Get, Func<object?, object?> Store, Func<object?, object?> Load)
    {
        public object? Value(T entity) => Store(Get(entity));

        /// <summary>Field <paramref name="ordinal"/> of the reader as this column's model value (NULL as the type's default).</summary>
        public TValue Read<TValue>(System.Data.Common.DbDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? default! : (TValue)Load(reader.GetValue(ordinal))!;
    }

    public sealed class Table<T> where T : class
    {
        private readonly IEntityType _entity;
        private readonly StoreObjectIdentifier _store;
        private readonly ISqlGenerationHelper _sql;
        private readonly Dictionary<int, string> _insertSql = [];
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Column<T>> _columns = new();

        public Table(IModel model, ISqlGenerationHelper sql)
        {
            _entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            _store = StoreObjectIdentifier.Table(_entity.GetTableName()!, _entity.GetSchema());
            _sql = sql;
            Name = sql.DelimitIdentifier(_store.Name, _store.Schema);
            Insertable = _entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).Select(ColumnOf).ToList();
        }

        public string Name { get; }

        /// <summary>A name (an index's) delimited as this database writes identifiers.</summary>
        public string Delimit(string name) => _sql.DelimitIdentifier(name);

        /// <summary>A multi-row INSERT of every insertable column with positional (<c>?</c>) parameters, row after row.</summary>
        public string InsertSql(int rows)
        {
            lock (_insertSql)
            {
                if (_insertSql.TryGetValue(rows, out var sql)) return sql;
                var values = "(" + string.Join(",", Insertable.Select(_ => "?")) + ")";
                sql = $"INSERT INTO {Name} ({string.Join(", ", Insertable.Select(c => c.Name))}) VALUES {string.Join(",", Enumerable.Repeat(values, rows))}";
                if (_insertSql.Count < 64) _insertSql[rows] = sql; // the full size, and the few remainders a run ends with
                return sql;
            }
        }

        /// <summary>Every column an INSERT gives a value (the database generates the others).</summary>
        public IReadOnlyList<Column<T>> Insertable { get; }

        /// <summary>A property's column, made once per table and property (requests ask for them on every call).</summary>
        public Column<T> this[Expression<Func<T, object?>> property] => _columns.GetOrAdd(PropertyName(property),
            name => ColumnOf(_entity.FindProperty(name) ?? throw new InvalidOperationException($"{typeof(T).Name}.{name} is not mapped.")));

        private Column<T> ColumnOf(IProperty property)
        {
            var getter = property.GetGetter();
            var converter = property.GetTypeMapping().Converter;
            return new Column<T>(_sql.DelimitIdentifier(property.GetColumnName(_store)!), entity => getter.GetClrValue(entity), value =>
            {
                if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
                // A plain DATETIME(6) literal: the driver's default (a timestamp() call per value) costs the server more per row.
                return value is DateTime time ? time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) : value;
            }, value =>
            {
                if (value is null) return null;
                var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                return converter is null
                    ? Convert.ChangeType(value, clr, CultureInfo.InvariantCulture)
                    : converter.ConvertFromProvider(Convert.ChangeType(value, converter.ProviderClrType, CultureInfo.InvariantCulture));
            });
        }

        private static string PropertyName(Expression<Func<T, object?>> property) => (property.Body is UnaryExpression convert ? convert.Operand : property.Body) switch
        {
            MemberExpression member => member.Member.Name,
            var other => throw new ArgumentException($"{other} is not a property access.", nameof(property)),
        };
    }
}
