using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// One assembly, two migration sets: MySQL's in <c>Data/Migrations</c>, SQLite's in <c>Data/Migrations/Sqlite</c>.
/// EF Core finds migrations by their context type only, so this narrows what it sees to the active provider's
/// namespace (ADR 0005). Both <c>dotnet ef</c> and the running host go through it.
/// </summary>
internal sealed class ProviderMigrationsAssembly : IMigrationsAssembly
{
    public const string MySqlNamespace = "ServiceUsage.Domain.Data.Migrations";
    public const string SqliteNamespace = "ServiceUsage.Domain.Data.Migrations.Sqlite";

    private readonly Type _contextType;
    private readonly string _namespace;
    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _snapshot;

    public ProviderMigrationsAssembly(ICurrentDbContext current)
    {
        _contextType = current.Context.GetType();
        _namespace = current.Context.Database.IsSqlite() ? SqliteNamespace : MySqlNamespace;
        Assembly = typeof(ServiceUsageDbContext).Assembly;
        _migrations = new(FindMigrations);
        _snapshot = new(() => OwnTypes<ModelSnapshot>().Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!).FirstOrDefault());
    }

    public Assembly Assembly { get; }

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase))
        ?? Migrations.Keys.FirstOrDefault(id => string.Equals(id[(id.IndexOf('_') + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var found = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in OwnTypes<Migration>())
            if (type.GetCustomAttribute<MigrationAttribute>() is { } attribute) found.Add(attribute.Id, type);
        return found;
    }

    /// <summary>Concrete subclasses of <typeparamref name="T"/> in the active provider's namespace, for this context.</summary>
    private IEnumerable<TypeInfo> OwnTypes<T>() =>
        Assembly.DefinedTypes.Where(t =>
            t.IsSubclassOf(typeof(T)) && !t.IsAbstract && t.Namespace == _namespace
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
}
