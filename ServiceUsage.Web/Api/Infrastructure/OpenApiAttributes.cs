namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>A header an operation's answer with <paramref name="status"/> carries, for the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ResponseHeaderAttribute(int status, string name, string description) : Attribute
{
    public int Status { get; } = status;
    public string Name { get; } = name;
    public string Description { get; } = description;
}

/// <summary>A string parameter that takes the wire names of an enum (documented as an enum).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WireEnumAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}
