using ServiceUsage.Domain;
using ServiceUsage.Web.Api;
using ServiceUsage.Web.Auth;
using ServiceUsage.Web.Components;
using ServiceUsage.Web.Configuration;
using ServiceUsage.Web.Jobs;
using ServiceUsage.Web.Operations;

if (HealthProbe.Requested(args)) return await HealthProbe.RunAsync();

var builder = WebApplication.CreateBuilder(RollupCommand.HostArgs(args));
builder.AddServiceUsageConfiguration();
builder.AddServiceUsageOperations();
builder.Services.AddServiceUsageDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddServiceUsageAuth();
builder.AddServiceUsagePortal();
builder.AddServiceUsageJobs();
builder.AddServiceUsageApi();

var app = builder.Build();
if (RollupCommand.Requested(args)) return await RollupCommand.RunAsync(app, args);
app.MapServiceUsageOperations();
app.UseServiceUsageErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapServiceUsagePortal();
app.MapServiceUsageJobs();
app.MapServiceUsageApi();

await app.InitializeServiceUsageAsync();
await app.RunAsync();
return 0;

public partial class Program;
