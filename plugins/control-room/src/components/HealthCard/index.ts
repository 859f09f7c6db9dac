export { HealthCard } from './HealthCard';
