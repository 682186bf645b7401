using Microsoft.Extensions.Configuration;
using MySqlConnector;
using ServiceUsage.Domain.Data;
using ServiceUsage.Web.Configuration;

namespace ServiceUsage.Tests.Configuration;

/// <summary>Start-up configuration: the seed's ENV_NAME_MYSQL_* indirection, plain connection strings, flags and their errors.</summary>
public sealed class DatabaseSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    private static readonly (string, string)[] Seed =
    [
        ("ENV_NAME_MYSQL_ADDR", "BSI_MYSQL_X_HOST"), ("BSI_MYSQL_X_HOST", "10.1.2.3"),
        ("ENV_NAME_MYSQL_PORT", "BSI_MYSQL_X_PORT"), ("BSI_MYSQL_X_PORT", "3307"),
        ("ENV_NAME_MYSQL_DATABASE", "BSI_MYSQL_X_NAME"), ("BSI_MYSQL_X_NAME", "usage"),
        ("ENV_NAME_MYSQL_USER", "BSI_MYSQL_X_USERNAME"), ("BSI_MYSQL_X_USERNAME", "svc"),
        ("ENV_NAME_MYSQL_PASSWORD", "BSI_MYSQL_X_PASSWORD"), ("BSI_MYSQL_X_PASSWORD", "s3cret-pass"),
    ];

    [Fact]
    public void With_no_settings_the_embedded_sqlite_file_lives_in_the_app_data_folder()
    {
        var settings = DatabaseSettings.Resolve(Config(), "/srv/app");
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal("Data Source=/srv/app/App_Data/serviceusage.db", settings.ConnectionString);
    }

    [Fact]
    public void The_env_name_indirection_selects_mysql_and_reads_each_named_variable()
    {
        var settings = DatabaseSettings.Resolve(Config(Seed), "/srv/app");
        var cs = new MySqlConnectionStringBuilder(settings.ConnectionString);

        Assert.Equal(DatabaseProvider.MySql, settings.Provider);
        Assert.Equal(("10.1.2.3", 3307u, "usage", "svc", "s3cret-pass"), (cs.Server, cs.Port, cs.Database, cs.UserID, cs.Password));
    }

    [Fact]
    public void A_named_variable_that_is_missing_stops_start_up_naming_it_without_any_secret()
    {
        var values = Seed.Where(v => v.Item1 != "BSI_MYSQL_X_HOST").ToArray();
        var ex = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.Resolve(Config(values), "/"));
        Assert.Contains("ENV_NAME_MYSQL_ADDR", ex.Message);
        Assert.Contains("BSI_MYSQL_X_HOST", ex.Message);
        Assert.DoesNotContain("s3cret-pass", ex.Message);
    }

    [Theory]
    [InlineData("Database:Provider", "Sqlite", "Database__Provider")]
    [InlineData("ConnectionStrings:ServiceUsage", "Server=db", "ConnectionStrings__ServiceUsage")]
    [InlineData("BSI_MYSQL_X_PORT", "99999", "BSI_MYSQL_X_PORT")]
    [InlineData("MYSQL_CONFIG_DONT_UPGRADE_TABLES", "maybe", "MYSQL_CONFIG_DONT_UPGRADE_TABLES")]
    public void A_contradictory_or_malformed_setting_names_the_variable(string key, string value, string named)
    {
        var values = Seed.Where(v => v.Item1 != key).Append((key, value)).ToArray();
        var ex = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.Resolve(Config(values), "/"));
        Assert.Contains(named, ex.Message);
        Assert.DoesNotContain("s3cret-pass", ex.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    public void Dont_upgrade_tables_accepts_the_usual_spellings(string value, bool expected) =>
        Assert.Equal(expected, DatabaseSettings.Resolve(Config(Seed.Append(("MYSQL_CONFIG_DONT_UPGRADE_TABLES", value)).ToArray()), "/").DontUpgradeTables);

    [Fact]
    public void Mysql_without_a_connection_string_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.Resolve(Config(("Database:Provider", "MySql")), "/"));
        Assert.Contains("ConnectionStrings__ServiceUsage", ex.Message);
    }

    [Theory]
    [InlineData("LOG_LEVEL", "verbose")]
    [InlineData("CLOUD_PLATFORM", "data os!")]
    [InlineData("DATAFOUNDRY_HOST_ADDR", "ftp://x")]
    public void Platform_variables_are_validated(string key, string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PlatformSettings.Resolve(Config((key, value))));
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Platform_variables_are_read()
    {
        var s = PlatformSettings.Resolve(Config(("LOG_LEVEL", "warn"), ("CLOUD_PLATFORM", "dataos"), ("DATAFOUNDRY_HOST_ADDR", "dataos.example.com:8443")));
        Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Warning, "dataos", "https://dataos.example.com:8443/"), (s.MinimumLevel, s.CloudPlatform, s.DataFoundryHost!.ToString()));
    }
}
