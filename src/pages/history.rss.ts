import { feedResponse } from '../responses.ts';

export const GET = () => feedResponse('rss');
