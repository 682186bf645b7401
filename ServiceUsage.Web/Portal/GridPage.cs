using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace ServiceUsage.Web.Portal;

/// <summary>What the server-side grids share: a sort in either direction, and one clamped page in SQL.</summary>
public static class GridPage
{
    public const int MaxPageSize = 100;

    public static IOrderedQueryable<T> Sort<T, TKey>(IQueryable<T> query, Expression<Func<T, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);

    public static async Task<GridData<T>> TakeAsync<T>(IQueryable<T> sorted, int total, int page, int pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await sorted.Skip(Math.Max(page, 0) * size).Take(size).ToListAsync(ct);
        return new GridData<T> { Items = items, TotalItems = total };
    }
}
