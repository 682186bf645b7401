namespace ServiceUsage.Web.Api.Infrastructure;

public static class ApiPaths
{
    public const string Root = "/usageapi";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Root);

    public static bool IsApi(HttpContext context) => IsApi(context.Request.Path);
}
