using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace ServiceUsage.Domain.Data;

public enum DatabaseProvider { Sqlite, MySql }

/// <summary>Where the ledger lives, resolved once at start-up from configuration (see README "Configuration").</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool DontUpgradeTables, string? ServerVersion)
{
    public const string ConnectionStringName = "ServiceUsage";
    private static readonly string[] IndirectionVariables =
        ["ENV_NAME_MYSQL_ADDR", "ENV_NAME_MYSQL_PORT", "ENV_NAME_MYSQL_DATABASE", "ENV_NAME_MYSQL_USER", "ENV_NAME_MYSQL_PASSWORD"];

    /// <summary>Reads the settings; a missing or contradictory one throws a message that names the variable (never its secret).</summary>
    public static DatabaseSettings Resolve(IConfiguration config, string contentRoot)
    {
        var dontUpgrade = ParseFlag(config["MYSQL_CONFIG_DONT_UPGRADE_TABLES"], "MYSQL_CONFIG_DONT_UPGRADE_TABLES");
        var providerText = config["Database:Provider"];
        DatabaseProvider? provider = string.IsNullOrWhiteSpace(providerText) ? null
            : Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var p) ? p
            : throw Fail("Database__Provider", $"must be 'Sqlite' or 'MySql', not '{providerText}'");
        var plain = config.GetConnectionString(ConnectionStringName);
        var serverVersion = config["Database:ServerVersion"];

        if (IndirectionVariables.Any(v => !string.IsNullOrEmpty(config[v])))
        {
            if (provider == DatabaseProvider.Sqlite)
                throw Fail("Database__Provider", "is 'Sqlite' but ENV_NAME_MYSQL_* variables are set; remove one of them");
            if (!string.IsNullOrEmpty(plain))
                throw Fail("ConnectionStrings__ServiceUsage", "and ENV_NAME_MYSQL_* are both set; use one of them");
            return new(DatabaseProvider.MySql, FromIndirection(config), dontUpgrade, serverVersion);
        }

        if (provider == DatabaseProvider.MySql)
        {
            if (string.IsNullOrWhiteSpace(plain))
                throw Fail("ConnectionStrings__ServiceUsage", "is required when Database__Provider is MySql (or set the ENV_NAME_MYSQL_* variables)");
            return new(DatabaseProvider.MySql, plain, dontUpgrade, serverVersion);
        }

        if (!string.IsNullOrWhiteSpace(plain)) return new(DatabaseProvider.Sqlite, plain, dontUpgrade, null);
        var folder = config["Database:DataDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(contentRoot, "App_Data");
        return new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "serviceusage.db")}", dontUpgrade, null);
    }

    private static string FromIndirection(IConfiguration config)
    {
        string Value(string indirection, bool required = true, bool secret = false)
        {
            var target = config[indirection];
            if (string.IsNullOrWhiteSpace(target))
            {
                if (!required) return "";
                throw Fail(indirection, "must name the environment variable that holds this setting");
            }
            var value = config[target];
            if (value is null || (!secret && value.Trim().Length == 0))
                throw Fail(indirection, $"names '{target}', which is not set");
            return value;
        }

        var port = Value("ENV_NAME_MYSQL_PORT", required: false);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = Value("ENV_NAME_MYSQL_ADDR"),
            Database = Value("ENV_NAME_MYSQL_DATABASE"),
            UserID = Value("ENV_NAME_MYSQL_USER"),
            Password = Value("ENV_NAME_MYSQL_PASSWORD", secret: true),
            CharacterSet = "utf8mb4",
        };
        if (port.Length > 0)
        {
            if (!uint.TryParse(port, out var number) || number is 0 or > 65535)
                throw Fail(config["ENV_NAME_MYSQL_PORT"]!, "must be a port number (1-65535)");
            builder.Port = number;
        }
        return builder.ConnectionString;
    }

    public static bool ParseFlag(string? text, string name) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "no" or "0" => false,
        "true" or "yes" or "1" => true,
        _ => throw Fail(name, $"must be true/yes/1 or false/no/0, not '{text}'"),
    };

    private static InvalidOperationException Fail(string variable, string problem) =>
        new($"Configuration error: {variable} {problem}.");
}
