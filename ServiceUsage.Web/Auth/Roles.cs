namespace ServiceUsage.Web.Auth;

public static class Roles
{
    public const string Tenant = "tenant";
    public const string Admin = "admin";
}
