using ServiceUsage.Domain.Data;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain.Vectors;

/// <summary>Every scenario of billing-vectors.json, on the embedded SQLite database.</summary>
public sealed class SqliteVectorTests(SqliteDatabaseFixture fixture) : IClassFixture<SqliteDatabaseFixture>
{
    [Theory]
    [MemberData(nameof(VectorFile.Names), MemberType = typeof(VectorFile))]
    public Task Scenario_replays_exactly(string name) => VectorReplay.RunAsync(fixture.Database, VectorFile.Get(name));
}

/// <summary>Every scenario of billing-vectors.json, on a real MariaDB.</summary>
public sealed class MariaDbVectorTests(MariaDbDatabaseFixture fixture) : IClassFixture<MariaDbDatabaseFixture>
{
    [Theory]
    [MemberData(nameof(VectorFile.Names), MemberType = typeof(VectorFile))]
    public Task Scenario_replays_exactly(string name) => VectorReplay.RunAsync(fixture.Database, VectorFile.Get(name));
}
