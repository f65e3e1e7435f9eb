import { feedResponse } from '../feeds.ts';

export const GET = () => feedResponse('atom');
