import { getApi } from '../../../../data.ts';
import { json } from '../../../../responses.ts';

export const GET = () => json(getApi().upcoming());
