namespace ServiceUsage.Web.Configuration;

public static class ConfigurationHostExtensions
{
    /// <summary>Validates the deployment variables and applies LOG_LEVEL; a bad value stops start-up naming the variable.</summary>
    public static WebApplicationBuilder AddServiceUsageConfiguration(this WebApplicationBuilder builder)
    {
        var settings = PlatformSettings.Resolve(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (!string.IsNullOrEmpty(builder.Configuration["LOG_LEVEL"]))
        {
            builder.Logging.SetMinimumLevel(settings.MinimumLevel);
            builder.Logging.AddFilter((category, level) => level >= settings.MinimumLevel);
        }
        return builder;
    }
}
