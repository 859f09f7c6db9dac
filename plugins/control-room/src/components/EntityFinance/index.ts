export {
  EntityFinanceCard,
  EntityFinanceContent,
} from './EntityFinanceContent';
