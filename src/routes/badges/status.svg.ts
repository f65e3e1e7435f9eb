import { getStatusData } from '../../data.ts';
import { statusBadge } from '../../lib/badges.ts';
import { svg } from '../../responses.ts';
import { HEADLINE } from '../../lib/vocabulary.ts';

export const GET = () => {
  const { content, status } = getStatusData();
  return svg(statusBadge(content.site.name, status.tone, HEADLINE[status.indicator].toLowerCase()));
};
