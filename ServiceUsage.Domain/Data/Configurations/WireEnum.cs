using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ServiceUsage.Domain.Data.Configurations;

internal static class WireEnum
{
    public static ValueConverter<T, string> Converter<T>() where T : struct, Enum =>
        new(v => EnumNames.ToWire(v), v => EnumNames.Parse<T>(v));
}
