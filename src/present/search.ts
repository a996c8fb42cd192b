// The search response (https://developers.notion.com/reference/post-search): a list of page objects and data source objects (2022-06-28:
// database objects), typed `page_or_data_source` (`page_or_database`).
import type { SearchPage } from '../services/search.js';
import { presentDataSource, presentLegacyDatabase } from './database.js';
import { presentList } from './list.js';
import { listedProperties, presentPage } from './page.js';
import { pageListTypeOf } from '../api-version.js';
import type { View } from './view.js';

/** `propertyIds` (from `filter_properties`) limits the properties of the pages listed. */
export function presentSearch(page: SearchPage, view: View, propertyIds?: readonly string[]): Record<string, unknown> {
  const listed = listedProperties(view, propertyIds);
  const results = page.results.map((result) => {
    switch (result.object) {
      case 'page':
        return presentPage(result.page, view, listed);
      case 'data_source':
        return presentDataSource(result.dataSource, result.database, view, result.visible);
      case 'database':
        return presentLegacyDatabase(result.database, result.dataSource, view, result.visible);
    }
  });
  return presentList(pageListTypeOf(view.version), results, page.nextCursor);
}
