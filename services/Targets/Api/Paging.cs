using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Api;

/// <summary><c>?page=&amp;pageSize=</c>, checked, and applied to a query.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    public static Paging From(int? page, int? pageSize, Errors errors)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1) errors.Add("page", "Must be 1 or more.");
        if (size is < 1 or > MaxPageSize) errors.Add("pageSize", $"Must be between 1 and {MaxPageSize}.");
        return new Paging(p, size);
    }

    public async Task<PagedList<TOut>> ApplyAsync<T, TOut>(IQueryable<T> ordered, Func<T, TOut> map, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new PagedList<TOut>(items.Select(map).ToList(), Page, PageSize, total);
    }
}
